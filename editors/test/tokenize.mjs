// The test of the VS Code grammar, editors/vscode/syntaxes/krav.tmLanguage.json.
//
// It loads the grammar with vscode-textmate and vscode-oniguruma (the
// engine VS Code itself uses) and
//
// 1. checks the scopes of representative snippets, written below, one kind of
//    token after another;
// 2. tokenises every `.krav` file of the repository, and every ```krav block
//    of its Markdown files, found afresh on each run. No line may fail or
//    time out. A text whose braces balance, ending with a `}`, must end at
//    the top level. Simple rules, independent of the grammar, must agree
//    with it: every `//` comment outside a string is a comment and nothing
//    else is; every string is a string; every escape is an escape (or
//    invalid.illegal.escape.krav when skykrav rejects it); every date-looking
//    token is a date; every other number-like token has the scope of its
//    kind (invalid.illegal.numeric.krav when skykrav rejects it).
//
// Run it with `bash editors/test/run.sh`, which installs the two packages.
// Exits with 1 on any failure, naming FILE:LINE:COLUMN.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const grammarPath = path.join(root, 'editors', 'vscode', 'syntaxes', 'krav.tmLanguage.json');

// run.sh installs the packages into a cache folder and names it here; without
// it, Node's usual lookup applies (editors/test/node_modules, NODE_PATH).
const modules = process.env.SKYKRAV_TEST_MODULES;
const require = createRequire(modules ? path.join(path.resolve(modules), '..', 'index.js') : import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const COMMENT = 'comment.line.double-slash.krav';
const STRING = 'string.quoted.double.krav';
const ESCAPE = 'constant.character.escape.krav';
const DATE = 'constant.numeric.date.krav';

// ---------------------------------------------------------------- loading

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.krav') return null;
      return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
    },
  });
  const grammar = await registry.loadGrammar('source.krav');
  if (!grammar) throw new Error(`cannot load the grammar ${grammarPath}`);
  return grammar;
}

// Tokenises a text. For each line: its text, its tokens and, for each
// character, the scopes of the token that covers it. `error` is set when a
// line could not be tokenised.
function tokenize(grammar, text) {
  const lines = text.split(/\r?\n/);
  let stack = vsctm.INITIAL;
  const out = [];
  for (const [i, line] of lines.entries()) {
    let result;
    try {
      result = grammar.tokenizeLine(line, stack, 2000);
    } catch (e) {
      return { lines: out, error: { line: i, message: `the tokeniser threw: ${e.message}` } };
    }
    if (result.stoppedEarly) {
      return { lines: out, error: { line: i, message: 'tokenising the line took longer than 2 s' } };
    }
    const charScopes = new Array(line.length).fill(null);
    let covered = 0;
    for (const t of result.tokens) {
      if (t.startIndex !== covered) {
        return { lines: out, error: { line: i, message: `the tokens leave a gap at column ${covered + 1}` } };
      }
      for (let c = t.startIndex; c < Math.min(t.endIndex, line.length); c++) charScopes[c] = t.scopes;
      covered = t.endIndex;
    }
    if (covered < line.length) {
      return { lines: out, error: { line: i, message: `the tokens stop at column ${covered + 1}` } };
    }
    out.push({ text: line, tokens: result.tokens, charScopes });
    stack = result.ruleStack;
  }
  return { lines: out, depth: stack.depth };
}

// ---------------------------------------------------------------- failures

const failures = [];
let checks = 0;

function check(ok, where, message) {
  checks++;
  if (!ok) failures.push(`${where}: ${message}`);
  return ok;
}

function show(scopes) {
  return scopes ? scopes.slice(1).join(' ') || '(no scope)' : '(no token)';
}

// ---------------------------------------------------------------- snippets
//
// Each expectation is [CONTEXT, SCOPE]. CONTEXT is text of the snippet, found
// at its first occurrence, with the part to check between « and »; without
// the marks the whole context is checked. Every character of that part must
// carry SCOPE; with a leading `!`, no character may.

const snippets = [
  {
    name: 'comments',
    text: `// A whole-line comment.
vendor comment-demo "Comments" {   // a comment after code
  as_of 2026-11-01
  owner.name = "Ida // not a comment, this is text"
  url = "https://example.com/a"  // "quoted" in a comment
}`,
    expect: [
      ['// A whole-line comment.', COMMENT],
      ['«//» A whole', 'punctuation.definition.comment.krav'],
      ['{   «// a comment after code»', COMMENT],
      ['«vendor» comment-demo', '!' + COMMENT],
      ['"Ida «// not a comment, this is text»"', STRING],
      ['"Ida «// not a comment, this is text»"', '!' + COMMENT],
      ['"https:«//example.com/a»"', '!' + COMMENT],
      ['«// "quoted" in a comment»', COMMENT],
      ['«// "quoted" in a comment»', '!' + STRING],
    ],
  },
  {
    name: 'strings and escapes',
    text: `policy p "a \\"quoted\\" word\\n" {
  description "tab\\tback\\\\slash \\u{1F600} and \\u{e9}"
  reference "bad \\q escape"
  define x = owner.name == "{ not a block }"
}`,
    expect: [
      ['"a \\"quoted\\" word\\n"', STRING],
      ['"a «\\"»quoted', ESCAPE],
      ['word«\\n»"', ESCAPE],
      ['"tab«\\t»back', ESCAPE],
      ['back«\\\\»slash', ESCAPE],
      ['«\\u{1F600}»', ESCAPE],
      ['«\\u{e9}»', ESCAPE],
      ['"bad «\\q» escape"', 'invalid.illegal.escape.krav'],
      ['"a «\\"quoted\\" word»', STRING],
      ['"«{ not a block }»"', STRING],
      // The string did not open a block: the policy still closes.
      ['block }"\n«}»', 'punctuation.section.block.end.krav'],
    ],
  },
  {
    name: 'schema: keywords, names and types',
    text: `schema cloud "What we know" {
  enum Region { EU, EEA, UK }
  record Subprocessor {
    name: string      "Legal name"
    country: Region   "Where it handles our data"
    dpa_signed: bool
  }
  fact tier: Tier "The plan we buy"
  group sla "The SLA" {
    fact uptime: percent "Guaranteed monthly uptime"
    fact support_response: duration
    group nested {
      fact last: date
      fact count_of: int
      fact price: number
    }
  }
  group audit {
    fact certifications: list<string> "Certificates"
    fact matrix: list<list<int>>
  }
  group subprocessors { fact list: list<Subprocessor> "Everyone" }
}`,
    expect: [
      ['«schema» cloud', 'keyword.control.krav'],
      ['schema «cloud»', 'entity.name.function.krav'],
      ['«enum» Region', 'keyword.control.krav'],
      ['enum «Region»', 'entity.name.type.krav'],
      ['{ «EU», EEA', 'variable.other.enummember.krav'],
      ['«record» Subprocessor', 'keyword.control.krav'],
      ['record «Subprocessor»', 'entity.name.type.krav'],
      ['«name»: string', 'variable.other.property.krav'],
      ['name: «string»', 'entity.name.type.krav'],
      ['country: «Region»', 'entity.name.type.krav'],
      ['dpa_signed: «bool»', 'entity.name.type.krav'],
      ['«fact» tier', 'keyword.control.krav'],
      ['fact «tier»', 'variable.other.property.krav'],
      ['tier: «Tier»', 'entity.name.type.krav'],
      ['«group» sla', 'keyword.control.krav'],
      ['group «sla»', 'entity.name.namespace.krav'],
      ['uptime: «percent»', 'entity.name.type.krav'],
      ['support_response: «duration»', 'entity.name.type.krav'],
      ['last: «date»', 'entity.name.type.krav'],
      ['count_of: «int»', 'entity.name.type.krav'],
      ['fact «count_of»', '!support.function.krav'],
      ['price: «number»', 'entity.name.type.krav'],
      ['certifications: «list»<string>', 'entity.name.type.krav'],
      ['certifications: «list»<string>', 'keyword.control.krav'],
      ['certifications: list«<»string>', '!keyword.operator.comparison.krav'],
      ['certifications: list<«string»>', 'entity.name.type.krav'],
      ['certifications: list<string«>»', '!keyword.operator.comparison.krav'],
      ['matrix: «list»<list<int>>', 'entity.name.type.krav'],
      ['matrix: list<«list»<int>>', 'entity.name.type.krav'],
      ['matrix: list<list<«int»>>', 'entity.name.type.krav'],
      ['fact «list»: list<Subprocessor>', 'variable.other.property.krav'],
      ['fact list: list<«Subprocessor»>', 'entity.name.type.krav'],
      ['"«What we know»"', STRING],
    ],
  },
  {
    name: 'policy: keywords, ids, severities and expressions',
    text: `policy dk-cloud "Buying cloud services safely" {
  description "Checks drawn from the Danish guide."
  reference "https://sikkerdigital.dk/"
  define eu_only = all r in data.locations: r in [EU, EEA]
  requirement R1.owner "The service has a named cloud owner" {
    severity high
    ref "guide:1"
    require present(owner.name) and owner.name != ""
    help "Appoint a person."
  }
  requirement R3.uptime "Uptime" {
    severity critical
    when usage.critical or not usage.optional
    require sla.uptime >= 99.9% and sla.support_response <= 4h
    require count(subprocessors.list) < 10 and audit.reports > 1_000
    require contract.monthly_price == 10.5 or contract.price != 0.25
    require risk.last_assessed within 52w and risk.last_assessed <= today
    require incident.breach_notification <= 72h and x.delay > 30m
    require owner.name matches "[A-Z]* *"
    require audit.certifications contains "ISO27001"
    require UK not in data.locations
    require any s in subprocessors.list: s.country == EU
    require none s in subprocessors.list: s.dpa_signed == false
    require usage.critical == true
  }
  requirement R4 "Severities" { severity medium }
  requirement R5 "Severities" { severity low }
  requirement R6 "Severities" { severity info }
  requirement R7 "Severities" { severity urgent }
  requirement R8.sources "Not a keyword" {
    severity low
    require sources.count >= 1 and reasons.ok and when_done.at > 2026-01-01
    require source.url != "" and contract.expires > today
  }
}`,
    expect: [
      ['«policy» dk-cloud', 'keyword.control.krav'],
      ['policy «dk-cloud»', 'entity.name.function.krav'],
      ['«description» "Checks', 'keyword.control.krav'],
      ['«reference» "https', 'keyword.control.krav'],
      ['«define» eu_only', 'keyword.control.krav'],
      ['define eu_only «=»', 'keyword.operator.assignment.krav'],
      ['«all» r in data', 'keyword.other.quantifier.krav'],
      ['all «r» in data', 'variable.parameter.krav'],
      ['all r «in» data', 'keyword.operator.word.krav'],
      ['r «in» [EU', 'keyword.operator.word.krav'],
      ['«requirement» R1.owner', 'keyword.control.krav'],
      ['requirement «R1.owner»', 'entity.name.function.krav'],
      ['requirement «R1.owner»', '!constant.numeric.krav'],
      ['«severity» high', 'keyword.control.krav'],
      ['severity «high»', 'constant.other.severity.krav'],
      ['severity «critical»', 'constant.other.severity.krav'],
      ['severity «medium»', 'constant.other.severity.krav'],
      ['severity «low»', 'constant.other.severity.krav'],
      ['severity «info»', 'constant.other.severity.krav'],
      ['severity «urgent»', '!constant.other.severity.krav'],
      ['severity «urgent»', 'invalid.illegal.severity.krav'],
      ['«ref» "guide:1"', 'keyword.control.krav'],
      ['«require» present', 'keyword.control.krav'],
      ['require «present»(owner', 'support.function.krav'],
      ['owner.name) «and» owner', 'keyword.operator.word.krav'],
      ['owner.name «!=» ""', 'keyword.operator.comparison.krav'],
      ['«help» "Appoint', 'keyword.control.krav'],
      ['«when» usage.critical', 'keyword.control.krav'],
      ['usage.critical «or» not', 'keyword.operator.word.krav'],
      ['or «not» usage', 'keyword.operator.word.krav'],
      ['when usage.«critical»', '!constant.other.severity.krav'],
      ['sla.uptime «>=» 99.9%', 'keyword.operator.comparison.krav'],
      ['sla.uptime >= «99.9%»', 'constant.numeric.percent.krav'],
      ['support_response «<=» 4h', 'keyword.operator.comparison.krav'],
      ['<= «4h»', 'constant.numeric.duration.krav'],
      ['«count»(subprocessors', 'support.function.krav'],
      ['subprocessors.list) «<» 10', 'keyword.operator.comparison.krav'],
      ['< «10»', 'constant.numeric.krav'],
      ['audit.reports «>» 1_000', 'keyword.operator.comparison.krav'],
      ['> «1_000»', 'constant.numeric.krav'],
      ['monthly_price «==» 10.5', 'keyword.operator.comparison.krav'],
      ['== «10.5»', 'constant.numeric.krav'],
      ['!= «0.25»', 'constant.numeric.krav'],
      ['last_assessed «within» 52w', 'keyword.operator.word.krav'],
      ['within «52w»', 'constant.numeric.duration.krav'],
      ['<= «today»', 'constant.language.krav'],
      ['«72h»', 'constant.numeric.duration.krav'],
      ['> «30m»', 'constant.numeric.duration.krav'],
      ['owner.name «matches» "', 'keyword.operator.word.krav'],
      ['certifications «contains» "', 'keyword.operator.word.krav'],
      ['UK «not» in', 'keyword.operator.word.krav'],
      ['UK not «in»', 'keyword.operator.word.krav'],
      ['«any» s in', 'keyword.other.quantifier.krav'],
      ['«none» s in', 'keyword.other.quantifier.krav'],
      ['s.country «==» EU', 'keyword.operator.comparison.krav'],
      ['dpa_signed == «false»', 'constant.language.krav'],
      ['critical == «true»', 'constant.language.krav'],
      // Keywords are whole words, and a word used as a name is no keyword.
      ['requirement «R8.sources»', 'entity.name.function.krav'],
      ['require «sources».count', '!keyword.control.krav'],
      ['sources.«count»', '!support.function.krav'],
      ['and «reasons».ok', '!keyword.control.krav'],
      ['and «when_done».at', '!keyword.control.krav'],
      ['when_done.at > «2026-01-01»', DATE],
      ['require «source».url', '!keyword.control.krav'],
      ['contract.«expires»', '!keyword.control.krav'],
    ],
  },
  {
    name: 'vendor: values and attributes',
    text: `vendor microsoft-365 "Microsoft 365" {
  as_of 2026-10-01           // when these facts were last checked
  tier = PREMIUM
  usage.critical = true
  sla {
    uptime = 99.9%  source "https://www.microsoft.com/sla"
    support_response = 1h
  }
  vendor {
    security_contact = "security@example.com"
  }
  vendor.patch_time = 2w
  source = "a fact called source"
  sources = ["a", "b"]
  contract.monthly_price = 9.80
  audit.reports_received = 2
  audit.certifications = ["ISO27001", "SOC2"]
    source "https://servicetrust.microsoft.com/"
    expires 2027-06-30
  risk.last_assessed = 2026-03-01  as_of 2026-03-02
  backup.copies = 10_000
  subprocessors.list = [
    { name = "Microsoft Ireland Operations Ltd", country = EU, dpa_signed = true },
  ]
}`,
    expect: [
      ['«vendor» microsoft-365', 'keyword.control.krav'],
      ['vendor «microsoft-365»', 'entity.name.function.krav'],
      ['«as_of» 2026-10-01', 'keyword.control.krav'],
      ['as_of «2026-10-01»', DATE],
      ['«// when these facts were last checked»', COMMENT],
      ['tier «=» PREMIUM', 'keyword.operator.assignment.krav'],
      ['usage.critical = «true»', 'constant.language.krav'],
      ['uptime = «99.9%»', 'constant.numeric.percent.krav'],
      ['99.9%  «source» "https', 'keyword.control.krav'],
      ['support_response = «1h»', 'constant.numeric.duration.krav'],
      // A group called `vendor` inside a vendor is a fact path.
      ['}\n  «vendor» {\n    security_contact', '!keyword.control.krav'],
      ['«vendor».patch_time', '!keyword.control.krav'],
      ['vendor.patch_time = «2w»', 'constant.numeric.duration.krav'],
      ['«source» = "a fact', '!keyword.control.krav'],
      ['«sources» = [', '!keyword.control.krav'],
      ['monthly_price = «9.80»', 'constant.numeric.krav'],
      ['reports_received = «2»', 'constant.numeric.krav'],
      ['\n    «source» "https://servicetrust', 'keyword.control.krav'],
      ['«expires» 2027-06-30', 'keyword.control.krav'],
      ['expires «2027-06-30»', DATE],
      ['2026-03-01  «as_of» 2026-03-02', 'keyword.control.krav'],
      ['as_of «2026-03-02»', DATE],
      ['copies = «10_000»', 'constant.numeric.krav'],
      ['country = «EU»', '!entity.name.type.krav'],
      ['dpa_signed = «true» }', 'constant.language.krav'],
    ],
  },
  {
    name: 'defaults and waivers',
    text: `defaults "What we need from every cloud service" {
  needs {
    uptime = 99.5%
    rpo = 24h
    max_admins = 3
  }
}

waiver "FileBox uptime accepted until the contract renewal" {
  vendor filebox
  requirement quick/R2.uptime
  expires 2027-03-31
  approved_by "CFO Mette Lund, 2026-09-01"
  reason "No alternative before renewal."
}`,
    expect: [
      ['«defaults» "What', 'keyword.control.krav'],
      ['uptime = «99.5%»', 'constant.numeric.percent.krav'],
      ['rpo = «24h»', 'constant.numeric.duration.krav'],
      ['max_admins = «3»', 'constant.numeric.krav'],
      ['«waiver» "FileBox', 'keyword.control.krav'],
      ['«vendor» filebox', 'keyword.control.krav'],
      ['vendor «filebox»', 'entity.name.function.krav'],
      ['«requirement» quick', 'keyword.control.krav'],
      ['requirement «quick/R2.uptime»', 'entity.name.function.krav'],
      ['«expires» 2027', 'keyword.control.krav'],
      ['expires «2027-03-31»', DATE],
      ['«approved_by» "CFO', 'keyword.control.krav'],
      ['"CFO Mette Lund, «2026-09-01»"', STRING],
      ['"CFO Mette Lund, «2026-09-01»"', '!' + DATE],
      ['«reason» "No', 'keyword.control.krav'],
    ],
  },
  {
    name: 'tests and outcomes',
    text: `test "a critical service with a weak SLA fails the uptime check" {
  today 2026-11-27
  vendor {
    usage.critical = true
    sla.uptime = 99.5%
    vendor.security_contact = "x"
  }
  expect quick/uptime fail
  expect quick/owner pass      // not stated: present() is false
  expect quick/dpa unknown
  expect dk-baseline/R6.alternative n/a
  expect quick/x waived
  expect quick/y passed
}`,
    expect: [
      ['«test» "a critical', 'keyword.control.krav'],
      ['«today» 2026-11-27', 'constant.language.krav'],
      ['today «2026-11-27»', DATE],
      ['«vendor» {\n    usage', 'keyword.control.krav'],
      ['sla.uptime = «99.5%»', 'constant.numeric.percent.krav'],
      ['«vendor».security_contact', '!keyword.control.krav'],
      ['«expect» quick/uptime', 'keyword.control.krav'],
      ['expect «quick/uptime»', 'entity.name.function.krav'],
      ['quick/uptime «fail»', 'constant.other.outcome.krav'],
      ['quick/owner «pass»', 'constant.other.outcome.krav'],
      ['pass      «// not stated: present() is false»', COMMENT],
      ['quick/dpa «unknown»', 'constant.other.outcome.krav'],
      ['R6.alternative «n/a»', 'constant.other.outcome.krav'],
      ['quick/x «waived»', 'constant.other.outcome.krav'],
      ['quick/y «passed»', '!constant.other.outcome.krav'],
    ],
  },
  {
    name: 'items on one line',
    text: `schema s { fact l: list<int> fact t: Tier }
policy all "an id may be a reserved word" { requirement r-1 "x" { severity low require all x in l: x > 1 } }
vendor v "V" { l = [1, 2] sla { uptime = 99.9% } }
test "t" { vendor { l = [3] } expect all/r-1 pass }`,
    expect: [
      ['«schema» s {', 'keyword.control.krav'],
      ['{ «fact» l', 'keyword.control.krav'],
      ['l: «list»<int>', 'entity.name.type.krav'],
      ['l: list<«int»>', 'entity.name.type.krav'],
      ['«fact» t: Tier', 'keyword.control.krav'],
      ['t: «Tier»', 'entity.name.type.krav'],
      ['policy «all»', 'entity.name.function.krav'],
      ['policy «all»', '!keyword.other.quantifier.krav'],
      ['requirement «r-1»', 'entity.name.function.krav'],
      ['severity «low»', 'constant.other.severity.krav'],
      ['low «require»', 'keyword.control.krav'],
      ['require «all» x', 'keyword.other.quantifier.krav'],
      ['x «>» 1', 'keyword.operator.comparison.krav'],
      ['vendor «v»', 'entity.name.function.krav'],
      ['[«1», 2]', 'constant.numeric.krav'],
      ['«sla» {', 'variable.other.property.krav'],
      ['uptime = «99.9%»', 'constant.numeric.percent.krav'],
      ['{ «vendor» { l', 'keyword.control.krav'],
      ['} «expect» all', 'keyword.control.krav'],
      ['expect «all/r-1»', 'entity.name.function.krav'],
      ['all/r-1 «pass»', 'constant.other.outcome.krav'],
    ],
  },
  {
    name: 'number-like tokens',
    text: `vendor v "V" {
  a = 0
  b = 42
  c = 1_000.25
  d = 0.05%
  e = 100%
  f = 15m
  g = 72h
  h = 30d
  i = 2w
  j = 2024-02-29
  k = 3mo
  l = 2026-2-3
  m = 1.5h
}`,
    expect: [
      ['a = «0»', 'constant.numeric.krav'],
      ['b = «42»', 'constant.numeric.krav'],
      ['c = «1_000.25»', 'constant.numeric.krav'],
      ['d = «0.05%»', 'constant.numeric.percent.krav'],
      ['e = «100%»', 'constant.numeric.percent.krav'],
      ['f = «15m»', 'constant.numeric.duration.krav'],
      ['g = «72h»', 'constant.numeric.duration.krav'],
      ['h = «30d»', 'constant.numeric.duration.krav'],
      ['i = «2w»', 'constant.numeric.duration.krav'],
      ['j = «2024-02-29»', DATE],
      ['k = «3mo»', 'invalid.illegal.numeric.krav'],
      ['l = «2026-2-3»', 'invalid.illegal.numeric.krav'],
      ['m = «1.5h»', 'invalid.illegal.numeric.krav'],
    ],
  },
];

function checkSnippets(grammar) {
  let count = 0;
  for (const snippet of snippets) {
    const where = `snippet "${snippet.name}"`;
    const result = tokenize(grammar, snippet.text);
    if (!check(!result.error, where, result.error && `line ${result.error.line + 1}: ${result.error.message}`)) continue;
    check(result.depth === 1, where, `does not end at the top level (${result.depth - 1} rules still open)`);
    const lineStarts = [];
    let offset = 0;
    for (const line of result.lines) {
      lineStarts.push(offset);
      offset += line.text.length + 1;
    }
    const scopesAt = (pos) => {
      let l = lineStarts.length - 1;
      while (lineStarts[l] > pos) l--;
      return { line: l, col: pos - lineStarts[l], scopes: result.lines[l].charScopes[pos - lineStarts[l]] };
    };
    for (const [context, wanted] of snippet.expect) {
      count++;
      const open = context.indexOf('«');
      const close = context.indexOf('»');
      const plain = context.replace('«', '').replace('»', '');
      const start = snippet.text.indexOf(plain);
      const label = JSON.stringify(context);
      if (!check(start >= 0, where, `the expectation ${label} is not in the snippet`)) continue;
      const from = start + (open >= 0 ? open : 0);
      const to = start + (open >= 0 ? close - 1 : plain.length);
      const negated = wanted.startsWith('!');
      const scope = negated ? wanted.slice(1) : wanted;
      let bad = null;
      for (let pos = from; pos < to && !bad; pos++) {
        if (snippet.text[pos] === '\n') continue;
        const at = scopesAt(pos);
        const has = !!at.scopes && at.scopes.includes(scope);
        if (has === negated) bad = at;
      }
      check(
        !bad,
        `${where} line ${bad ? bad.line + 1 : 0}:${bad ? bad.col + 1 : 0}`,
        `${label} should ${negated ? 'not ' : ''}be ${scope}, ` +
          `but ${JSON.stringify(snippet.text.slice(from, to))} has ${bad ? show(bad.scopes) : ''} at that column`,
      );
    }
  }
  return count;
}

// ---------------------------------------------------------------- the repository

const SKIP_DIRS = new Set(['.git', 'target', 'node_modules']);

function findFiles(dir, found = { krav: [], markdown: [] }) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) findFiles(full, found);
    } else if (entry.isFile()) {
      if (entry.name.endsWith('.krav')) found.krav.push(full);
      else if (entry.name.endsWith('.md')) found.markdown.push(full);
    }
  }
  return found;
}

// The ```krav blocks of a Markdown file, each with the line it starts on.
function kravBlocks(text) {
  const blocks = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```krav\s*$/.test(lines[i])) {
      const body = [];
      let j = i + 1;
      while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++]);
      blocks.push({ firstLine: i + 2, text: body.join('\n') });
      i = j;
    }
  }
  return blocks;
}

// The simple rule, independent of the grammar: what of a line is string,
// escape and comment. A string runs from `"` to the next unescaped `"` or to
// the end of the line; a comment from `//` outside a string to the end of
// the line.
function classify(line) {
  const kind = new Array(line.length).fill('code');
  let i = 0;
  while (i < line.length) {
    if (line[i] === '"') {
      kind[i++] = 'string';
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          kind[i++] = 'escape';
          kind[i++] = 'escape';
        } else kind[i++] = 'string';
      }
      if (i < line.length) kind[i++] = 'string';
    } else if (line.startsWith('//', i)) {
      while (i < line.length) kind[i++] = 'comment';
    } else i++;
  }
  return kind;
}

// A number-like token as skykrav reads it (grammar/skykrav.pest, `numeric`),
// standing on its own: not part of a name or id such as `R2` or `ISO27001`.
// Its kind follows docs/language.md, section 2.5; a token of none of these
// forms is one skykrav rejects.
const NUMERIC = /(?<![A-Za-z0-9_.\-])\d(?:[A-Za-z0-9_]|\.\d|-\d)*%?/g;
const DATE_LOOKING = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_KINDS = [
  [DATE_LOOKING, DATE],
  [/^\d(?:_?\d)*[mhdw]$/, 'constant.numeric.duration.krav'],
  [/^\d(?:_?\d)*(?:\.\d(?:_?\d)*)?%$/, 'constant.numeric.percent.krav'],
  [/^\d(?:_?\d)*(?:\.\d(?:_?\d)*)?$/, 'constant.numeric.krav'],
  [/^/, 'invalid.illegal.numeric.krav'],
];
// The escapes skykrav accepts; any other backslash in a string is a bad one.
const VALID_ESCAPE = /^\\(?:["\\nt]|u\{[0-9A-Fa-f]{1,6}\})/;

function checkText(grammar, text, file, firstLine, stats) {
  const where = (line, col) => `${file}:${firstLine + line}${col === undefined ? '' : `:${col + 1}`}`;
  const result = tokenize(grammar, text);
  stats.lines += result.lines.length;
  for (const l of result.lines) stats.tokens += l.tokens.length;
  if (!check(!result.error, where(result.error ? result.error.line : 0), result.error && result.error.message)) return;

  // Braces as the simple rule counts them: when they balance and the text
  // ends with a `}` (not with an item left without its body), the grammar
  // must have closed every rule it opened.
  let balance = 0;
  let last = null;
  for (const [i, l] of result.lines.entries()) {
    const kind = classify(l.text);
    for (let c = 0; c < l.text.length; c++) {
      if (kind[c] !== 'code' || /\s/.test(l.text[c])) continue;
      if (l.text[c] === '{') balance++;
      if (l.text[c] === '}') balance--;
      last = { line: i, char: l.text[c] };
    }
  }
  if (balance === 0 && last && last.char === '}') {
    check(result.depth === 1, where(last.line), `the text ends with ${result.depth - 1} grammar rule(s) still open although its braces balance`);
  }

  for (const [i, l] of result.lines.entries()) {
    const kind = classify(l.text);
    const firstBad = (from, to, ok) => {
      for (let c = from; c < to; c++) if (!ok(c)) return c;
      return -1;
    };
    const has = (c, scope) => !!l.charScopes[c] && l.charScopes[c].includes(scope);
    const commentStart = kind.indexOf('comment');

    // Every comment is scoped a comment, and nothing else is.
    if (commentStart >= 0) {
      const c = firstBad(commentStart, l.text.length, (c) => has(c, COMMENT));
      check(c < 0, where(i, c), `the comment ${JSON.stringify(l.text.slice(commentStart))} is not all ${COMMENT}: ${c >= 0 ? show(l.charScopes[c]) : ''}`);
    }
    const stray = firstBad(0, commentStart >= 0 ? commentStart : l.text.length, (c) => !has(c, COMMENT));
    check(stray < 0, where(i, stray), `text outside a comment is scoped ${COMMENT}: ${JSON.stringify(l.text.slice(Math.max(stray, 0)))}`);

    // Every string is a string, and each backslash in it starts an escape:
    // a valid one is an escape, any other is invalid.illegal.escape.krav.
    if (kind.includes('string')) {
      const c = firstBad(0, l.text.length, (c) => kind[c] === 'code' || kind[c] === 'comment' || has(c, STRING));
      check(c < 0, where(i, c), `a string is not all ${STRING}: ${c >= 0 ? show(l.charScopes[c]) : ''}`);
      for (let b = 0; b < l.text.length; b++) {
        if (kind[b] !== 'escape' || l.text[b] !== '\\') continue;
        const valid = VALID_ESCAPE.exec(l.text.slice(b));
        const escape = valid ? valid[0] : l.text.slice(b, b + 2);
        const scope = valid ? ESCAPE : 'invalid.illegal.escape.krav';
        stats.escapes++;
        const e = firstBad(b, b + escape.length, (c) => has(c, scope));
        check(e < 0, where(i, b), `the escape ${escape} is not ${scope}: ${e >= 0 ? show(l.charScopes[e]) : ''}`);
        b += escape.length - 1;
      }
    }

    // Every number-like token outside strings and comments has the scope of
    // its kind: a date-looking token is a date, and so on.
    const code = l.text.replace(/./g, (ch, c) => (kind[c] === 'code' ? ch : ' '));
    for (const m of code.matchAll(NUMERIC)) {
      const token = m[0];
      const from = m.index;
      const scope = NUMBER_KINDS.find(([form]) => form.test(token))[1];
      if (scope === DATE) stats.dates++;
      else stats.numbers++;
      const c = firstBad(from, from + token.length, (c) => has(c, scope));
      check(c < 0, where(i, from), `${token} is not ${scope}: ${c >= 0 ? show(l.charScopes[c]) : ''}`);
    }
    if (commentStart >= 0) stats.comments++;
  }
}

// ---------------------------------------------------------------- main

const grammar = await loadGrammar();
const snippetExpectations = checkSnippets(grammar);

const found = findFiles(root);
const stats = { lines: 0, tokens: 0, comments: 0, escapes: 0, dates: 0, numbers: 0 };
const beforeRepository = checks;
check(found.krav.length > 0, root, 'no .krav file found in the repository');
for (const file of found.krav) {
  checkText(grammar, fs.readFileSync(file, 'utf8'), path.relative(root, file), 1, stats);
}
let blocks = 0;
for (const file of found.markdown) {
  for (const block of kravBlocks(fs.readFileSync(file, 'utf8'))) {
    blocks++;
    checkText(grammar, block.text, path.relative(root, file), block.firstLine, stats);
  }
}

console.log(`grammar: ${path.relative(root, grammarPath)}`);
console.log(
  `files: ${found.krav.length} .krav files, and ${blocks} \`\`\`krav blocks in the ${found.markdown.length} Markdown files; ` +
    `lines: ${stats.lines}; tokens: ${stats.tokens}`,
);
console.log(
  `checked: ${snippetExpectations} snippet expectations in ${snippets.length} snippets; ` +
    `${checks - beforeRepository} repository checks (${stats.comments} comments, ${stats.escapes} escapes, ${stats.dates} dates, ${stats.numbers} other number-like tokens)`,
);
if (failures.length > 0) {
  console.log(`\n${failures.length} failure(s):`);
  for (const f of failures) console.log(`  ${f}`);
}
console.log(`tokenize: ${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length > 0 ? 1 : 0);
