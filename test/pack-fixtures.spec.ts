/**
 * npm run -s fixtures:pack: the policy pack's fixtures are what the program produces now, and the
 * command behaves like the other tools (help, one-line usage errors, exit codes).
 */
import * as assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES_DIR, main } from "../tools/write-pack-fixtures";
import { capturedIo } from "./support/io";

describe("npm run -s fixtures:pack", () => {
  it("--check: the committed fixtures under policy-pack/testing/fixtures/ match what the program produces (else run npm run -s fixtures:pack and review the diff)", async () => {
    const out = capturedIo(join(FIXTURES_DIR, "..", "..", ".."));
    assert.equal(await main(["--check"], out.io), 0, out.stderr());
    assert.equal(out.stderr(), "");
    assert.match(out.stdout(), /^fixtures:pack: 12 fixtures in policy-pack\/testing\/fixtures match the program\n$/);
  });

  describe("on a copy of the fixtures", () => {
    let directory: string;
    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), "xacct-fixtures-"));
      cpSync(FIXTURES_DIR, directory, { recursive: true });
    });
    afterEach(() => rmSync(directory, { recursive: true, force: true }));

    it("--check names each stale or missing file (relative to where npm was run), exit 1, and writes nothing", async () => {
      const edited = join(directory, "source.export.json");
      const weakened = readFileSync(edited, "utf8").replace('"xacct-instance"', '"another-role"');
      writeFileSync(edited, weakened);
      rmSync(join(directory, "target.preview.json"));
      const out = capturedIo(directory);
      assert.equal(await main(["--check", "--fixtures", "."], out.io), 1);
      assert.deepEqual(out.stderr().trimEnd().split("\n"), [
        "fixtures:pack: source.export.json is stale: run npm run -s fixtures:pack and review the diff",
        "fixtures:pack: target.preview.json is missing: run npm run -s fixtures:pack and review the diff",
      ]);
      assert.equal(out.stdout(), "");
      assert.equal(readFileSync(edited, "utf8"), weakened, "--check leaves the stale file as it was");
      assert.ok(!readdirSync(directory).includes("target.preview.json"), "--check creates nothing");
    });

    it("without --check rewrites them, after which --check passes", async () => {
      writeFileSync(join(directory, "pair.preview.json"), "{}\n");
      const written = capturedIo(directory);
      assert.equal(await main(["--fixtures=."], written.io), 0, written.stderr());
      assert.equal(written.stdout().trimEnd().split("\n").length, 12);
      assert.deepEqual(readFileSync(join(directory, "pair.preview.json"), "utf8"), readFileSync(join(FIXTURES_DIR, "pair.preview.json"), "utf8"));
      const checked = capturedIo(directory);
      assert.equal(await main(["--check", "--fixtures", directory], checked.io), 0, checked.stderr());
    });
  });

  describe("command-line manners", () => {
    it("prints its usage for --help and -h, exit 0, and writes nothing", async () => {
      for (const flag of ["--help", "-h"]) {
        const out = capturedIo(tmpdir());
        assert.equal(await main([flag, "--fixtures", "/nonexistent"], out.io), 0);
        assert.match(out.stdout(), /^usage: npm run -s fixtures:pack -- \[--check\] \[--fixtures <dir>\]\n/);
        assert.equal(out.stderr(), "");
      }
    });

    it("answers an unknown argument, a stray positional or a repeated flag with one line, exit 2", async () => {
      for (const argv of [["--chek"], ["pair"], ["--check", "--check"], ["--fixtures"]]) {
        const out = capturedIo(tmpdir());
        assert.equal(await main(argv, out.io), 2, argv.join(" "));
        assert.equal(out.stderr().trimEnd().split("\n").length, 1, out.stderr());
        assert.match(out.stderr(), /^fixtures:pack: .*\(see --help\)\n$/);
        assert.equal(out.stdout(), "");
      }
    });

    it("answers a fixtures directory it cannot write with one line naming the file, exit 2", async () => {
      const missing = join(tmpdir(), "xacct-no-such-directory", "fixtures");
      const out = capturedIo(tmpdir());
      assert.equal(await main(["--fixtures", missing], out.io), 2);
      assert.equal(out.stderr().trimEnd().split("\n").length, 1, out.stderr());
      assert.ok(out.stderr().includes(join(missing, "pair.export.json")), out.stderr());
    });
  });
});
