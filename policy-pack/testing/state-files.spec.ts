import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SECRET } from "../lib/unknowns";
import { PartialPreviewError, UnreadableInputError, decodeSecrets, readStateDocument } from "./state-files";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", `${name}.json`), "utf8"));
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

describe("reading stack exports and previews", () => {
  it("reads every shipped fixture, with property dependencies, parents and providers", () => {
    const { format, resources } = readStateDocument(fixture("pair.preview"));
    assert.equal(format, "preview-json");
    const bucketPolicy = resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")!;
    assert.deepEqual(bucketPolicy.propertyDependencies, { policy: ["urn:pulumi:pair::xacct::aws:ec2/vpcEndpoint:VpcEndpoint::source-endpoints-s3"] });
    assert.equal(bucketPolicy.provider?.name, "target");
    assert.equal(readStateDocument(fixture("target.export")).resources.find((r) => r.type === "pulumi:pulumi:StackReference")?.provider?.type, "pulumi:providers:pulumi");
  });

  it("judges secrets as unknown unless their plaintext is there", () => {
    assert.equal(decodeSecrets({ ...SIG, ciphertext: "AAAA" }), SECRET);
    assert.equal(decodeSecrets("[secret]"), SECRET);
    assert.deepEqual(decodeSecrets({ a: [{ ...SIG, plaintext: "43200" }], b: { ...SIG, plaintext: "{\"x\":true}" } }), { a: [43200], b: { x: true } });
    assert.equal(decodeSecrets({ ...SIG, plaintext: "{not json" }), SECRET);
  });

  it("refuses a partial preview, telling to rerun with --show-sames", () => {
    const partial = fixture("pair.preview");
    partial.changeSummary = { create: partial.steps.length, same: 3 };
    assert.throws(() => readStateDocument(partial), (e: Error) => e instanceof PartialPreviewError && /leaves out 3 unchanged resource\(s\).*--show-sames/.test(e.message));
    const unreferenced = fixture("pair.preview");
    unreferenced.steps = unreferenced.steps.filter((s: any) => !s.urn.endsWith("pulumi:providers:aws::source"));
    assert.throws(() => readStateDocument(unreferenced), /refers to .*pulumi:providers:aws::source, which is not in the preview/);
  });

  it("keeps ids and outputs of unchanged resources from their old state", () => {
    const document = fixture("pair.export");
    const states = document.deployment.resources;
    const preview = { steps: states.map((s: any) => ({ op: "same", urn: s.urn, oldState: s, newState: { ...s, id: undefined, outputs: {} } })), changeSummary: { same: states.length } };
    const endpoint = readStateDocument(preview).resources.find((r) => r.name === "source-endpoints-s3")!;
    assert.match(String(endpoint.props.id), /^vpce-/);
    assert.match(String(endpoint.props.prefixListId), /^pl-/);
    assert.throws(() => readStateDocument({ steps: [] }), UnreadableInputError);
  });
});
