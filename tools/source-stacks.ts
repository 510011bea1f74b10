/**
 * npm run -s source-stacks -- --stack <name>
 *
 * Prints, one per line, the stacks whose outputs a stack reads through StackReferences: its
 * `xacct:sourceStack`, or each of its `xacct:sourceStacks` (a split fan-in target). Nothing for a
 * stack that reads none. The deploy workflow runs it to refuse deploying a target before its
 * source stacks have outputs.
 */
import { FileError, Io, UsageError, parseCommandLine, runAsCommand, writeLine } from "./cli";
import { readStackFile, stackFilePath } from "./offline/stack-files";
import { stackName } from "../infra/config";

export const USAGE = `usage: npm run -s source-stacks -- --stack <name>

Prints the stacks whose outputs Pulumi.<name>.yaml reads (xacct:sourceStack, or each of
xacct:sourceStacks), one per line; nothing when it reads none.

Exit codes: 0 printed; 1 a source stack key that is not a stack name or a list of them; 2 unusable
arguments or an unreadable stack file.

  --stack <name>  read Pulumi.<name>.yaml from the project root
  -h, --help      print this help`;

/** The stacks a stack's config reads, or the one-line reason its keys cannot say. */
export function sourceStacksOf(config: Record<string, unknown>): { stacks: string[] } | { error: string } {
  const named: [string, unknown][] = [];
  const one = config["xacct:sourceStack"];
  if (one !== undefined) named.push(["xacct:sourceStack", one]);
  const many = config["xacct:sourceStacks"];
  if (many !== undefined) {
    if (!Array.isArray(many)) return { error: `xacct:sourceStacks must be a list of stack names, not ${JSON.stringify(many)}` };
    many.forEach((value, index) => named.push([`xacct:sourceStacks[${index}]`, value]));
  }
  for (const [key, value] of named) {
    const parsed = stackName.safeParse(value);
    if (!parsed.success) return { error: `${key} ${JSON.stringify(value)} ${parsed.error.issues[0].message}` };
  }
  return { stacks: named.map(([, value]) => value as string) };
}

export async function main(argv: string[], io: Io): Promise<number> {
  let file: string;
  try {
    const { help, values } = parseCommandLine(argv, { stack: { type: "string" } });
    if (help) {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    if (!values.stack) throw new UsageError("--stack <name> is required");
    file = stackFilePath(values.stack);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeLine(io.stderr, `source-stacks: ${error.message}\n${USAGE.split("\n")[0]}`);
    return 2;
  }
  let config: Record<string, unknown>;
  try {
    config = readStackFile(file);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    writeLine(io.stderr, `source-stacks: ${error.message}`);
    return 2;
  }
  const result = sourceStacksOf(config);
  if ("error" in result) {
    writeLine(io.stderr, `source-stacks: ${file}: ${result.error}`);
    return 1;
  }
  for (const stack of result.stacks) writeLine(io.stdout, stack);
  return 0;
}

if (require.main === module) runAsCommand("source-stacks", main);
