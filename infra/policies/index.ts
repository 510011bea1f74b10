export * from "./document";
export * from "./sids";
export * from "./access";
export * from "./bucket-policy";
export * from "./role-policies";
export * from "./endpoint-policies";
export * from "./workload";
export * from "./fan-in";
