/**
 * Reads `pulumi stack export` files and `pulumi preview --json` output for the offline tools. The
 * reader lives in the policy pack (its specs read the pack's JSON fixtures through it), so the pack,
 * `policy:check` and `plan` all see a stack the same way.
 */
export {
  PartialPreviewError,
  RERUN_WITH_SHOW_SAMES,
  StateFormat,
  UnreadableInputError,
  decodeSecrets,
  detectFormat,
  readStateDocument,
  readStateFile,
} from "../../policy-pack/testing/state-files";
