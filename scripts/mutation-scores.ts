/**
 * The bar of issue 20, read from Stryker's JSON reports: ≥ 90% mutation score overall on lib/domain (the
 * disclosure-control module included) and ≥ 85% on every file.
 *
 *   tsx scripts/mutation-scores.ts            reads reports/mutation/mutation.json (after `npm run mutation`)
 *   tsx scripts/mutation-scores.ts --files    reads reports/mutation/files/*.json (scripts/mutation-file.sh)
 *
 * The reports are git-ignored, so the tally of each file is kept in docs/mutation-scores.json with the date and
 * commit of its run: a report updates the rows of the files it mutated and leaves the others as they are, and a
 * fresh checkout still knows every earlier result. The README table between its markers is written from that
 * record. A row whose file has changed since the commit it ran on is marked stale. Exits non-zero unless every
 * domain file has a row that is not stale and the bar is met.
 *
 * Score = (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker's "total": a mutant
 * no unit test reaches counts against the file. Mutants disabled by a `// Stryker disable` comment (equivalent
 * mutants, each with its reason in the source) do not count.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const OVERALL_BAR = 90;
const FILE_BAR = 85;
const START = '<!-- mutation-scores:start -->';
const END = '<!-- mutation-scores:end -->';

interface Report {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

interface Row {
  killed: number;
  survived: number;
  noCoverage: number;
  disabled: number;
  invalid: number;
  /** When the run ended (UTC), and the commit it mutated (`+uncommitted` when the file or its tests were edited). */
  date: string;
  commit: string;
  note?: string;
}

const root = path.resolve(__dirname, '..');
const recordPath = path.join(root, 'docs/mutation-scores.json');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const record: Record<string, Row> = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : {};

const domainFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? domainFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );

const bySet = process.argv.includes('--files');
const filesDir = path.join(root, 'reports/mutation/files');
const reportFiles = bySet
  ? existsSync(filesDir)
    ? readdirSync(filesDir)
        .filter((name) => name.endsWith('.json') && !name.endsWith('.incremental.json') && !name.endsWith('.run.json'))
        .map((name) => path.join(filesDir, name))
    : []
  : [path.join(root, 'reports/mutation/mutation.json')];

for (const reportFile of reportFiles) {
  if (!existsSync(reportFile)) throw new Error(`No mutation report at ${reportFile}: run npm run mutation first.`);
  const runFile = reportFile.replace(/\.json$/, '.run.json');
  const run: { commit: string; date: string; files?: string[] } = existsSync(runFile)
    ? JSON.parse(readFileSync(runFile, 'utf8'))
    : { commit: git('rev-parse', '--short', 'HEAD'), date: statSync(reportFile).mtime.toISOString().slice(0, 16) + 'Z' };
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const { files: given = bySet ? [] : domainFiles('lib/domain'), ...stamp } = run;
  const reported = new Set<string>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const name = path.relative(root, path.resolve(root, file));
    reported.add(name);
    // A report older than the row already recorded (a leftover of an earlier session) does not overwrite it.
    if (record[name] && record[name].date > run.date) continue;
    const row: Row = { killed: 0, survived: 0, noCoverage: 0, disabled: 0, invalid: 0, ...stamp };
    for (const { status } of mutants) {
      if (status === 'Killed' || status === 'Timeout') row.killed++;
      else if (status === 'Survived') row.survived++;
      else if (status === 'NoCoverage') row.noCoverage++;
      else if (status === 'Ignored') row.disabled++;
      // RuntimeError, CompileError: the mutant is no program, and Stryker leaves it out of the score too.
      else row.invalid++;
    }
    record[name] = row;
  }
  // A file Stryker was given but found no mutant in (types, `as const` tables) is not in its report: it is run all
  // the same, with nothing to score.
  for (const name of given.filter((file) => !reported.has(file) && !(record[file] && record[file].date > run.date))) {
    record[name] = { killed: 0, survived: 0, noCoverage: 0, disabled: 0, invalid: 0, ...stamp, note: 'no mutant in it' };
  }
}

const files = Object.keys(record).sort();
writeFileSync(recordPath, `${JSON.stringify(Object.fromEntries(files.map((f) => [f, record[f]])), null, 2)}\n`);

const score = (t: Pick<Row, 'killed' | 'survived' | 'noCoverage'>) => {
  const valid = t.killed + t.survived + t.noCoverage;
  return valid === 0 ? 100 : (100 * t.killed) / valid;
};
/** The file has changed since the commit its row ran on (or the run had uncommitted edits of it). */
const stale = (file: string): boolean => {
  const { commit } = record[file]!;
  const base = commit.replace(/\+uncommitted$/, '');
  try {
    return git('diff', '--name-only', base, '--', file) !== '';
  } catch {
    return true;
  }
};
const total = files.reduce(
  (sum, file) => ({
    killed: sum.killed + record[file]!.killed,
    survived: sum.survived + record[file]!.survived,
    noCoverage: sum.noCoverage + record[file]!.noCoverage,
  }),
  { killed: 0, survived: 0, noCoverage: 0 },
);
const overall = score(total);
const notRun = domainFiles('lib/domain').filter((file) => !record[file]).sort();
const failing = files.filter((file) => score(record[file]!) < FILE_BAR);
const staleFiles = files.filter(stale);

const rows = files.map((file) => {
  const t = record[file]!;
  const s = score(t);
  const shown = `${s.toFixed(1)}%`;
  const run = `${t.date.slice(0, 10)} at ${t.commit}${stale(file) ? ', **file changed since**' : ''}${t.note ? ` (${t.note})` : ''}`;
  return `| \`${file}\` | ${s < FILE_BAR ? `**${shown}**` : shown} | ${t.killed} | ${t.survived} | ${t.noCoverage} | ${t.disabled} | ${t.invalid} | ${run} |`;
});
const table = [
  START,
  `Mutation score of the domain (\`npm run mutation\` or per-file runs, recorded in \`docs/mutation-scores.json\`): **${overall.toFixed(1)}% overall** over ${files.length} files (bar ${OVERALL_BAR}%, and ${FILE_BAR}% per file).`,
  '',
  '| file | score | killed | survived | no coverage | disabled (equivalent) | invalid mutant | run |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  ...(notRun.length > 0 ? ['', `Not run through Stryker yet: ${notRun.map((file) => `\`${file}\``).join(', ')}.`] : []),
  END,
].join('\n');

const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const at = readme.indexOf(START);
const end = readme.indexOf(END);
if (at < 0 || end < at) throw new Error(`README.md has no ${START} … ${END} markers.`);
writeFileSync(readmePath, readme.slice(0, at) + table + readme.slice(end + END.length));

console.log(table);
const pass = overall >= OVERALL_BAR && failing.length === 0 && notRun.length === 0 && staleFiles.length === 0;
if (!pass) {
  console.error(
    `Bar not met: overall ${overall.toFixed(1)}% (≥ ${OVERALL_BAR}%), files below ${FILE_BAR}%: ${failing.join(', ') || 'none'}, ` +
      `files not run: ${notRun.length}, files changed since their run: ${staleFiles.join(', ') || 'none'}.`,
  );
  process.exit(1);
}
