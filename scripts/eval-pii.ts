/**
 * PII evaluation harness: span-level P/R/F1 per entity type on presidio-research's generated_large.json,
 * token-level masking coverage (personal tokens left unmasked, harmless tokens masked) on the same texts,
 * plus field classification on a deterministic structured-record set. Always scores the service analyzer.
 *
 *   npm run eval:pii -- [--limit N] [--json out.json] [--markdown] [--names-only] [--check]
 *                       [--data file.json] [--csv file.csv] [--seed N] [--tables N] [--rows N] [--errors N] [--token-errors N]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { loadAnalyzer, loadFieldClassifier } from './pii-evaluation/analyzer-loader';
import { loadFreeText } from './pii-evaluation/free-text-dataset';
import { addCounts, classificationReport, matchSpans, OVERLAP_RULE, prf, totals, type TypeCounts } from './pii-evaluation/metrics';
import { buildStructuredSet } from './pii-evaluation/structured-dataset';
import { addTokenCoverage, emptyTokenCounts, TOKEN_DEFINITION } from './pii-evaluation/token-coverage';
import { sharedDataFile } from './repository-root';

interface Args {
  limit?: number;
  json?: string;
  markdown: boolean;
  namesOnly: boolean;
  data: string;
  csv: string;
  seed: number;
  tables: number;
  rows: number;
  errors: number;
  /** Print up to N unmasked / over-masked tokens with their text. */
  tokenErrors: number;
  /** Fail (exit 3) when a goal of the PII issue is missed. */
  check: boolean;
}

/** The goals the detector is held to; `--check` turns a miss into a failing exit code. */
const GOALS = {
  validatedEntityF1: 0.98,
  validatedEntities: ['CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'EMAIL_ADDRESS', 'IP_ADDRESS', 'PHONE_NUMBER'],
  personF1: 0.9,
  fieldClassificationAccuracy: 0.99,
};

/** Token-level goals of the hardening issue (development set): reported on every run, enforced by `--check`. */
const TOKEN_GOALS = { maxUnmasked: 0.03, maxOverMasked: 0.005 };


function parseArgs(argv: string[]): Args {
  const args: Args = {
    markdown: false,
    namesOnly: false,
    data: sharedDataFile(__dirname, 'presidio-research', 'generated_large.json'),
    csv: sharedDataFile(__dirname, 'presidio-research', 'FakeNameGenerator.com_3000.csv'),
    seed: 42,
    tables: 60,
    rows: 20,
    errors: 0,
    tokenErrors: 0,
    check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--limit') args.limit = Number(next());
    else if (a === '--json') args.json = next();
    else if (a === '--markdown') args.markdown = true;
    else if (a === '--names-only') args.namesOnly = true;
    else if (a === '--data') args.data = resolve(next());
    else if (a === '--csv') args.csv = resolve(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--tables') args.tables = Number(next());
    else if (a === '--rows') args.rows = Number(next());
    else if (a === '--errors') args.errors = Number(next());
    else if (a === '--token-errors') args.tokenErrors = Number(next());
    else if (a === '--check') args.check = true;
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

const fmt = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const command = `node ${process.argv.slice(1).join(' ')}`;
  const loaded = loadAnalyzer(args.namesOnly);
  const analyzer = loaded.analyzer;
  const evaluatedTypes = new Set(analyzer.recognizers().flatMap((r) => r.supportedEntities as readonly string[]));

  // ---- Free text ----
  const { samples, rawLabels, unevaluatedLabels } = loadFreeText(args.data, args.limit);
  const goldTypes = new Set(samples.flatMap((s) => s.gold.map((g) => g.type)));
  const counts = new Map<string, TypeCounts>();
  const tokens = emptyTokenCounts();
  const absent = new Map<string, number>();
  const errors: string[] = [];
  const tokenErrors: string[] = [];
  // Warm-up (lexicon loading) is excluded from the timing.
  analyzer.analyze('Warm up with Mr. John Smith from Paris.');
  // Speed: median of 3 timed passes over the whole set (one core, this process).
  let predictions: ReturnType<typeof analyzer.analyze>[] = [];
  const times: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const t0 = process.hrtime.bigint();
    predictions = samples.map((s) => analyzer.analyze(s.text));
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const seconds = times.sort((a, b) => a - b)[1];
  samples.forEach((s, i) => {
    const pred = predictions[i].map((p) => ({ type: p.entityType as string, start: p.start, end: p.end }));
    // Predicted types the dataset never labels (e.g. NRP, URL) cannot be scored: counted apart.
    const scored = pred.filter((p) => goldTypes.has(p.type));
    for (const p of pred) if (!goldTypes.has(p.type)) absent.set(p.type, (absent.get(p.type) ?? 0) + 1);
    const tokenMisses = addTokenCoverage(tokens, s.text, s.gold, s.unevaluated, pred);
    if (tokenErrors.length < args.tokenErrors) {
      const where = s.text.slice(0, 160).replace(/\n/g, '⏎');
      for (const t of tokenMisses.unmasked) tokenErrors.push(`unmasked ${t.type} "${s.text.slice(t.start, t.end)}"  in: ${where}`);
      for (const t of tokenMisses.overMasked) tokenErrors.push(`over-masked by ${t.type} "${s.text.slice(t.start, t.end)}"  in: ${where}`);
    }
    const m = matchSpans(s.gold.filter((g) => evaluatedTypes.has(g.type) || args.namesOnly === false), scored, s.unevaluated);
    addCounts(counts, m.counts);
    if (errors.length < args.errors) {
      for (const e of m.falsePositives) errors.push(`FP ${e.type} "${s.text.slice(e.start, e.end)}"  in: ${s.text.slice(0, 160).replace(/\n/g, '⏎')}`);
      for (const e of m.falseNegatives) if (evaluatedTypes.has(e.type)) errors.push(`FN ${e.type} "${s.text.slice(e.start, e.end)}"  in: ${s.text.slice(0, 160).replace(/\n/g, '⏎')}`);
    }
  });
  const scoredCounts = new Map([...counts].filter(([t]) => evaluatedTypes.has(t)));
  const notDetected = [...counts].filter(([t]) => !evaluatedTypes.has(t)).map(([t, c]) => ({ type: t, gold: c.tp + c.fn }));
  const tot = totals(scoredCounts);
  const textsPerSecond = samples.length / seconds;

  // ---- Structured ----
  const fields = buildStructuredSet({ csvPath: args.csv, seed: args.seed, tables: args.tables, rowsPerTable: args.rows });
  const classifier = loadFieldClassifier(analyzer);
  let structured: Record<string, unknown> = {};
  const structuredLines: string[] = [];
  {
    const pairs: { gold: string; predicted: string }[] = [];
    let modeOk = 0;
    const fieldErrors: string[] = [];
    const s0 = process.hrtime.bigint();
    for (const f of fields) {
      const r = classifier.classify(f.fieldName, f.values);
      const predicted = r.entityType ?? 'NONE';
      pairs.push({ gold: f.gold, predicted });
      if (r.mode === f.goldMode) modeOk++;
      if (predicted !== f.gold && fieldErrors.length < 40) fieldErrors.push(`${f.fieldName} (${f.source}): gold ${f.gold}, got ${predicted} [${r.mode}] e.g. "${f.values[0]}"`);
    }
    const fieldSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
    const rep = classificationReport(pairs);
    structured = {
      status: 'ok',
      fields: fields.length,
      tables: args.tables,
      rowsPerField: args.rows,
      seed: args.seed,
      accuracy: rep.accuracy,
      modeAccuracy: modeOk / fields.length,
      fieldsPerSecond: fields.length / fieldSeconds,
      perLabel: Object.fromEntries([...rep.perLabel].map(([l, v]) => [l, v])),
      errors: fieldErrors,
    };
    structuredLines.push(`Field classification: ${fields.length} fields (${args.tables} tables × ${args.rows} sample values, seed ${args.seed})`);
    structuredLines.push(`  entity-type accuracy ${fmt(rep.accuracy)}; mode accuracy ${fmt(modeOk / fields.length)}; ${(fields.length / fieldSeconds).toFixed(0)} fields/s`);
    structuredLines.push('  label                 support  precision  recall');
    for (const [l, v] of rep.perLabel) structuredLines.push(`  ${l.padEnd(20)} ${String(v.support).padStart(8)}  ${fmt(v.precision).padStart(9)}  ${fmt(v.recall).padStart(6)}`);
    if (args.errors > 0) for (const e of fieldErrors.slice(0, args.errors)) structuredLines.push(`  ✗ ${e}`);
  }

  // ---- Token coverage ----
  const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
  const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
  const unmaskedShare = share(tokens.unmasked, tokens.personal);
  const overMaskedShare = share(tokens.overMasked, tokens.harmless);
  const goalState = (key: keyof typeof TOKEN_GOALS, value: number | null): string =>
    `goal ≤ ${pct(TOKEN_GOALS[key])}: ${value !== null && value <= TOKEN_GOALS[key] ? 'met' : 'NOT MET'}, enforced by --check`;
  const tokenLines = [
    'Token coverage (any detected type counts as masking):',
    `  tokens:      ${TOKEN_DEFINITION}`,
    `  personal:    gold ${[...tokens.perGoldType.keys()].sort().join(', ')}; neutral (neither personal nor harmless): ${[...unevaluatedLabels.keys()].join(', ') || 'none'}`,
    `  unmasked:    ${tokens.unmasked} of ${tokens.personal} personal tokens = ${pct(unmaskedShare)} (${goalState('maxUnmasked', unmaskedShare)})`,
    `  over-masked: ${tokens.overMasked} of ${tokens.harmless} harmless tokens = ${pct(overMaskedShare)} (${goalState('maxOverMasked', overMaskedShare)})`,
    '  gold type            tokens  unmasked  share',
    ...[...tokens.perGoldType]
      .sort((a, b) => b[1].unmasked - a[1].unmasked || b[1].tokens - a[1].tokens)
      .map(([t, c]) => `  ${t.padEnd(20)} ${String(c.tokens).padStart(6)}  ${String(c.unmasked).padStart(8)}  ${pct(share(c.unmasked, c.tokens)).padStart(6)}`),
    '  predicted type       harmless tokens masked  share of harmless',
    ...[...tokens.perPredictedType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `  ${t.padEnd(20)} ${String(n).padStart(22)}  ${pct(share(n, tokens.harmless)).padStart(17)}`),
  ];

  // ---- Output ----
  const typeRows = [...scoredCounts].sort((a, b) => b[1].tp + b[1].fn - (a[1].tp + a[1].fn)).map(([t, c]) => ({ type: t, ...c, gold: c.tp + c.fn, ...prf(c) }));
  console.log(`command:   ${command}`);
  console.log(`analyzer:  ${loaded.description}`);
  console.log(`dataset:   ${args.data} (${samples.length} texts${args.limit !== undefined ? `, --limit ${args.limit}` : ''})`);
  console.log(`rule:      ${OVERLAP_RULE}`);
  console.log(`labels:    ${[...rawLabels].map(([l, n]) => `${l}=${n}`).join(' ')}`);
  console.log(`mapping:   ADDRESS/STREET_ADDRESS→STREET_ADDRESS, LOCATION/GPE→LOCATION, others by name`);
  console.log(`excluded:  gold labels not evaluated (no Atlas type): ${[...unevaluatedLabels].map(([l, n]) => `${l}=${n}`).join(' ') || 'none'}; predictions overlapping them still count as FP (column fp_uneval)`);
  console.log(`           gold types no loaded recognizer predicts: ${notDetected.map((d) => `${d.type}=${d.gold}`).join(' ') || 'none'} (not in totals)`);
  console.log(`           predicted types absent from the dataset's labels (unscorable, not in totals): ${[...absent].map(([t, n]) => `${t}=${n}`).join(' ') || 'none'}`);
  console.log(`speed:     ${textsPerSecond.toFixed(0)} texts/s on one core (median of 3 passes, ${seconds.toFixed(2)} s each, ${cpus()[0]?.model ?? 'cpu'})`);
  console.log('');
  console.log('type                   gold    tp    fp    fn  fp_uneval  precision  recall     f1');
  for (const r of typeRows) {
    console.log(`${r.type.padEnd(20)} ${String(r.gold).padStart(6)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)} ${String(r.fpOnUnevaluated).padStart(10)}  ${fmt(r.precision).padStart(9)}  ${fmt(r.recall).padStart(6)}  ${fmt(r.f1).padStart(5)}`);
  }
  console.log(`${'micro'.padEnd(20)} ${String(tot.micro.tp + tot.micro.fn).padStart(6)} ${String(tot.micro.tp).padStart(5)} ${String(tot.micro.fp).padStart(5)} ${String(tot.micro.fn).padStart(5)} ${''.padStart(10)}  ${fmt(tot.micro.precision).padStart(9)}  ${fmt(tot.micro.recall).padStart(6)}  ${fmt(tot.micro.f1).padStart(5)}`);
  console.log(`${`macro (${tot.macro.types} types)`.padEnd(20)} ${''.padStart(6)} ${''.padStart(5)} ${''.padStart(5)} ${''.padStart(5)} ${''.padStart(10)}  ${fmt(tot.macro.precision).padStart(9)}  ${fmt(tot.macro.recall).padStart(6)}  ${fmt(tot.macro.f1).padStart(5)}`);
  console.log('');
  for (const l of tokenLines) console.log(l);
  for (const e of tokenErrors.slice(0, args.tokenErrors)) console.log(`  ${e}`);
  if (errors.length) {
    console.log('');
    for (const e of errors.slice(0, args.errors)) console.log(`  ${e}`);
  }
  console.log('');
  for (const l of structuredLines) console.log(l);

  if (args.markdown) {
    console.log('');
    console.log(`Free text: \`${args.data.split('/').slice(-2).join('/')}\`, ${samples.length} texts; ${OVERLAP_RULE}. ${textsPerSecond.toFixed(0)} texts/s on one core.`);
    console.log('');
    console.log('| Entity | Gold | TP | FP | FN | Precision | Recall | F1 |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of typeRows) console.log(`| ${r.type} | ${r.gold} | ${r.tp} | ${r.fp} | ${r.fn} | ${fmt(r.precision)} | ${fmt(r.recall)} | ${fmt(r.f1)} |`);
    console.log(`| **micro** | ${tot.micro.tp + tot.micro.fn} | ${tot.micro.tp} | ${tot.micro.fp} | ${tot.micro.fn} | ${fmt(tot.micro.precision)} | ${fmt(tot.micro.recall)} | ${fmt(tot.micro.f1)} |`);
    console.log(`| **macro** (${tot.macro.types} types) | | | | | ${fmt(tot.macro.precision)} | ${fmt(tot.macro.recall)} | ${fmt(tot.macro.f1)} |`);
    console.log('');
    console.log('| Gold type | Personal tokens | Unmasked | Share |');
    console.log('|---|---:|---:|---:|');
    for (const [t, c] of [...tokens.perGoldType].sort((a, b) => b[1].unmasked - a[1].unmasked || b[1].tokens - a[1].tokens)) console.log(`| ${t} | ${c.tokens} | ${c.unmasked} | ${pct(share(c.unmasked, c.tokens))} |`);
    console.log(`| **all** | ${tokens.personal} | ${tokens.unmasked} | ${pct(unmaskedShare)} |`);
    console.log(`| harmless tokens masked | ${tokens.harmless} | ${tokens.overMasked} | ${pct(overMaskedShare)} |`);
  }

  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify(
        {
          command,
          analyzer: loaded.description,
          dataset: { path: args.data, texts: samples.length, labels: Object.fromEntries(rawLabels), notEvaluated: Object.fromEntries(unevaluatedLabels) },
          overlapRule: OVERLAP_RULE,
          textsPerSecond,
          perType: typeRows,
          totals: tot,
          tokens: {
            definition: TOKEN_DEFINITION,
            personal: tokens.personal,
            unmasked: tokens.unmasked,
            unmaskedShare,
            harmless: tokens.harmless,
            overMasked: tokens.overMasked,
            overMaskedShare,
            goals: TOKEN_GOALS,
            perGoldType: Object.fromEntries(tokens.perGoldType),
            overMaskedByPredictedType: Object.fromEntries(tokens.perPredictedType),
          },
          unscorablePredictions: Object.fromEntries(absent),
          goldTypesNotPredicted: notDetected,
          structured,
        },
        null,
        2,
      ),
    );
    console.log(`\nJSON written to ${args.json}`);
  }
  if (args.check) {
    const failures: string[] = [];
    const f1Of = (type: string) => typeRows.find((row) => row.type === type)?.f1 ?? null;
    for (const type of GOALS.validatedEntities) {
      const f1 = f1Of(type);
      if (f1 === null || f1 < GOALS.validatedEntityF1) failures.push(`${type} F1 ${fmt(f1)} < ${GOALS.validatedEntityF1}`);
    }
    const personF1 = f1Of('PERSON');
    if (personF1 === null || personF1 < GOALS.personF1) failures.push(`PERSON F1 ${fmt(personF1)} < ${GOALS.personF1}`);
    const accuracy = typeof structured.accuracy === 'number' ? structured.accuracy : null;
    if (accuracy === null || accuracy < GOALS.fieldClassificationAccuracy) failures.push(`field classification accuracy ${fmt(accuracy)} < ${GOALS.fieldClassificationAccuracy}`);
    if ((unmaskedShare === null || unmaskedShare > TOKEN_GOALS.maxUnmasked)) failures.push(`unmasked personal tokens ${pct(unmaskedShare)} > ${pct(TOKEN_GOALS.maxUnmasked)}`);
    if ((overMaskedShare === null || overMaskedShare > TOKEN_GOALS.maxOverMasked)) failures.push(`over-masked harmless tokens ${pct(overMaskedShare)} > ${pct(TOKEN_GOALS.maxOverMasked)}`);
    console.log(failures.length === 0 ? '\ncheck: every goal met' : `\ncheck: goals missed:\n  ${failures.join('\n  ')}`);
    if (failures.length > 0) return 3;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
