import * as assert from "node:assert/strict";
import { ESCALATING_WRITES, actionsOf, escalates, expandAction, grantsLevel, takesOnlyStar } from "./actions";
import { Statement, parsePolicyDocument } from "./iam";

const statement = (raw: object): Statement => {
  const parsed = parsePolicyDocument({ Statement: raw });
  assert.ok(parsed.ok);
  return parsed.statements[0];
};
const names = async (pattern: string) => (await expandAction(pattern)).map((a) => a.action);

describe("actions, classified by AWS's service data", () => {
  it("every escalating write the pack lists is an action AWS's data knows, filed under Write (a typo would guard nothing)", async () => {
    for (const action of ESCALATING_WRITES) {
      const [info, ...rest] = await expandAction(action);
      assert.equal(rest.length, 0, action);
      assert.equal(info.unknown, false, `${action} is not in AWS's data`);
      assert.ok(grantsLevel(info, "Write"), action);
      assert.ok(escalates(info), action);
    }
  });

  it("a pattern matches actions by name, in any case, never inside other words", async () => {
    assert.deepEqual(await names("S3:PutObject"), ["s3:putobject"]);
    const puts = await names("s3:Put*");
    assert.ok(puts.includes("s3:putobject") && puts.includes("s3:putbucketpolicy"));
    assert.ok(puts.every((a) => a.startsWith("s3:put")), puts.join());
    const describes = await names("events:Describe*");
    assert.ok(describes.length > 0 && !describes.includes("events:puttargets"));
    assert.ok((await names("s3:*Object")).every((a) => a.endsWith("object")));
    assert.deepEqual(await names("s3:GetObjec?"), ["s3:getobject"]);
    assert.deepEqual(await names("s3:NoSuch*"), []);
  });

  it("what AWS's data does not know counts as able to do anything: no service, a wildcard service, an unknown service or action", async () => {
    // A service alone or a missing one, and names the data's index answers for without holding them.
    const odd = ["S3", ":GetObject", "constructor:*", "__proto__:GetObject", "toString:Get"];
    for (const pattern of ["*", "s3*", "*:GetObject", "s?:GetObject", "nosuchservice:Get", "s3:GetObjectTypo", ...odd]) {
      const infos = await expandAction(pattern);
      assert.equal(infos.length, 1, pattern);
      const [info] = infos;
      assert.ok(info.unknown && escalates(info) && !takesOnlyStar(info), pattern);
      assert.ok(grantsLevel(info, "Read") && grantsLevel(info, "Write") && grantsLevel(info, "Permissions management"), pattern);
      assert.equal(info.action, pattern.toLowerCase());
    }
  });

  it("access levels and resource types come from AWS's data, not from the verb", async () => {
    const [bucketPolicy] = await expandAction("s3:PutBucketPolicy");
    assert.ok(grantsLevel(bucketPolicy, "Permissions management") && escalates(bucketPolicy) && !grantsLevel(bucketPolicy, "Read"));
    const [putObject] = await expandAction("s3:PutObject");
    assert.ok(grantsLevel(putObject, "Write") && !escalates(putObject) && !takesOnlyStar(putObject));
    assert.ok(putObject.resourceTypes.includes("object"));
    const [secret] = await expandAction("secretsmanager:GetSecretValue");
    assert.ok(grantsLevel(secret, "Read") && !grantsLevel(secret, "Write", "List"));
    const [identity] = await expandAction("sts:GetCallerIdentity");
    assert.ok(takesOnlyStar(identity) && !identity.optionalResources);
    const [tag] = await expandAction("s3:PutObjectTagging");
    assert.ok(grantsLevel(tag, "Tagging"));
    const [passRole] = await expandAction("iam:PassRole");
    assert.ok(escalates(passRole) && !grantsLevel(passRole, "Permissions management"));
    assert.deepEqual(passRole.resourceTypes, ["role"]);
    assert.equal(passRole.optionalResources, false, "iam:PassRole requires a role");
    const [listBucket] = await expandAction("s3:ListBucket");
    assert.ok(listBucket.optionalResources && grantsLevel(listBucket, "List") && !grantsLevel(listBucket, "Read", "Write"));
  });

  it("an Allow's actions: every pattern expanded, NotAction the worst case", async () => {
    const granted = await actionsOf(statement({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }));
    assert.deepEqual(granted.map((a) => a.action), ["s3:getobject", "s3:putobject"]);
    const inverted = await actionsOf(statement({ Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "*" }));
    assert.equal(inverted.length, 1);
    assert.ok(inverted[0].unknown && escalates(inverted[0]));
    assert.match(inverted[0].action, /s3:deleteobject/);
    // IAM refuses a statement with neither Action nor NotAction, so it grants nothing.
    assert.deepEqual(await actionsOf(statement({ Effect: "Allow", Resource: "*" })), []);
  });
});
