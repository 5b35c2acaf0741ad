// The `--rule` language: a tiny, typed expression over a member's sizes. Parsed and checked up
// front (a typo fails before anything touches the cluster), evaluated by walking the tree. No eval.
//
//   expr    := or
//   or      := and ('||' and)*
//   and     := cmp ('&&' cmp)*
//   cmp     := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := ('!' | '-' | '+') unary | primary
//   primary := NUMBER UNIT? | IDENT | 'true' | 'false' | '(' expr ')'
//
// Numbers may carry a size unit: 100MB (SI), 100MiB (binary), so `200*1024*1024` and `200MiB` agree.

export type RuleVar = 'dbSize' | 'dbSizeInUse' | 'dbSizeFree' | 'dbQuota' | 'dbQuotaUsage' | 'nospace' | 'isLeader';

export type RuleVars = Record<RuleVar, number | boolean>;

const VAR_TYPES: Record<RuleVar, 'number' | 'boolean'> = {
  dbSize: 'number',
  dbSizeInUse: 'number',
  dbSizeFree: 'number',
  dbQuota: 'number',
  dbQuotaUsage: 'number',
  nospace: 'boolean',
  isLeader: 'boolean',
};

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** The default: fragmented (in-use below half, at least 100 MiB reclaimable), or out of space. */
// The same test as the diagnosis (failure-modes.md: in-use/size below 0.5 and more than 100 MB free).
export const DEFAULT_RULE = 'dbSizeInUse / dbSize < 0.5 && dbSizeFree > 100MB || nospace';

export class RuleError extends Error {
  constructor(message: string, readonly column?: number) {
    super(column === undefined ? message : `${message} at column ${column}`);
    this.name = 'RuleError';
  }
}

type Type = 'number' | 'boolean';

type Node =
  | { kind: 'num'; value: number; col: number }
  | { kind: 'bool'; value: boolean; col: number }
  | { kind: 'var'; name: RuleVar; col: number }
  | { kind: 'unary'; op: '!' | '-' | '+'; arg: Node; col: number }
  | { kind: 'binary'; op: string; left: Node; right: Node; col: number };

interface Token {
  /** 'bad' carries a lexical error, raised only when the parser reaches it (so errors come in reading order). */
  kind: 'num' | 'ident' | 'op' | 'end' | 'bad';
  text: string;
  value?: number;
  /** 1-based column, for error messages. */
  col: number;
}

const OPERATORS = ['&&', '||', '<=', '>=', '==', '!=', '<', '>', '!', '+', '-', '*', '/', '(', ')'];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const col = i + 1;
    const num = /^(\d+(?:\.\d+)?|\.\d+)([eE][+-]?\d+)?([A-Za-z]+)?/.exec(src.slice(i));
    if (num) {
      let value = Number(num[1] + (num[2] ?? ''));
      if (num[3] !== undefined) {
        const factor = UNITS[num[3].toLowerCase()];
        if (factor === undefined) {
          tokens.push({ kind: 'bad', text: `unknown unit '${num[3]}' (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)`, col });
          break;
        }
        value *= factor;
      }
      tokens.push({ kind: 'num', text: num[0], value, col });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], col });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) {
      tokens.push({ kind: 'bad', text: `unexpected character '${ch}'`, col });
      break;
    }
    tokens.push({ kind: 'op', text: op, col });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: 'end of rule', col: src.length + 1 });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    const t = this.peek();
    if (t.kind !== 'end') throw new RuleError(`unexpected '${t.text}'`, t.col);
    return node;
  }

  private peek(): Token {
    const t = this.tokens[this.pos];
    if (t.kind === 'bad') throw new RuleError(t.text, t.col);
    return t;
  }

  private accept(...ops: string[]): Token | undefined {
    const t = this.peek();
    if (t.kind === 'op' && ops.includes(t.text)) {
      this.pos++;
      return t;
    }
    return undefined;
  }

  private binaryLevel(ops: string[], next: () => Node): Node {
    let left = next();
    for (let t = this.accept(...ops); t; t = this.accept(...ops)) {
      left = { kind: 'binary', op: t.text, left, right: next(), col: t.col };
    }
    return left;
  }

  private or(): Node {
    return this.binaryLevel(['||'], () => this.and());
  }

  private and(): Node {
    return this.binaryLevel(['&&'], () => this.cmp());
  }

  private cmp(): Node {
    const left = this.sum();
    const t = this.accept('<', '<=', '>', '>=', '==', '!=');
    if (!t) return left;
    const node: Node = { kind: 'binary', op: t.text, left, right: this.sum(), col: t.col };
    const again = this.accept('<', '<=', '>', '>=', '==', '!=');
    if (again) throw new RuleError(`comparisons do not chain; use && ('${again.text}')`, again.col);
    return node;
  }

  private sum(): Node {
    return this.binaryLevel(['+', '-'], () => this.product());
  }

  private product(): Node {
    return this.binaryLevel(['*', '/'], () => this.unary());
  }

  private unary(): Node {
    const t = this.accept('!', '-', '+');
    if (t) return { kind: 'unary', op: t.text as '!' | '-' | '+', arg: this.unary(), col: t.col };
    return this.primary();
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return { kind: 'num', value: t.value ?? 0, col: t.col };
    }
    if (t.kind === 'ident') {
      this.pos++;
      if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', col: t.col };
      if (!(t.text in VAR_TYPES)) {
        throw new RuleError(`unknown name '${t.text}' (known: ${Object.keys(VAR_TYPES).join(', ')})`, t.col);
      }
      return { kind: 'var', name: t.text as RuleVar, col: t.col };
    }
    if (this.accept('(')) {
      const inner = this.or();
      const close = this.peek();
      if (!this.accept(')')) throw new RuleError(`expected ')' but found '${close.text}'`, close.col);
      return inner;
    }
    throw new RuleError(t.kind === 'end' ? 'rule ends too early' : `unexpected '${t.text}'`, t.col);
  }
}

function typeOf(node: Node): Type {
  const want = (n: Node, type: Type, op: string): void => {
    const got = typeOf(n);
    if (got !== type) throw new RuleError(`'${op}' needs a ${type}, got a ${got}`, n.col);
  };
  switch (node.kind) {
    case 'num':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'var':
      return VAR_TYPES[node.name];
    case 'unary':
      want(node.arg, node.op === '!' ? 'boolean' : 'number', node.op);
      return node.op === '!' ? 'boolean' : 'number';
    case 'binary':
      if (node.op === '&&' || node.op === '||') {
        want(node.left, 'boolean', node.op);
        want(node.right, 'boolean', node.op);
        return 'boolean';
      }
      if (node.op === '==' || node.op === '!=') {
        const l = typeOf(node.left);
        want(node.right, l, node.op);
        return 'boolean';
      }
      want(node.left, 'number', node.op);
      want(node.right, 'number', node.op);
      return ['+', '-', '*', '/'].includes(node.op) ? 'number' : 'boolean';
  }
}

function evaluate(node: Node, vars: RuleVars): number | boolean {
  switch (node.kind) {
    case 'num':
    case 'bool':
      return node.value;
    case 'var':
      return vars[node.name];
    case 'unary': {
      const v = evaluate(node.arg, vars);
      return node.op === '!' ? !v : node.op === '-' ? -(v as number) : (v as number);
    }
    case 'binary': {
      if (node.op === '&&') return (evaluate(node.left, vars) as boolean) && (evaluate(node.right, vars) as boolean);
      if (node.op === '||') return (evaluate(node.left, vars) as boolean) || (evaluate(node.right, vars) as boolean);
      const l = evaluate(node.left, vars);
      const r = evaluate(node.right, vars);
      switch (node.op) {
        case '==': return l === r;
        case '!=': return l !== r;
      }
      const a = l as number;
      const b = r as number;
      switch (node.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
      }
      throw new RuleError(`unknown operator '${node.op}'`, node.col);
    }
  }
}

export interface CompiledRule {
  source: string;
  test(vars: RuleVars): boolean;
}

/** Parses and type-checks; throws RuleError with a column on any mistake. */
export function compileRule(source: string): CompiledRule {
  if (source.trim() === '') throw new RuleError('the rule is empty');
  const tree = new Parser(tokenize(source)).parse();
  const type = typeOf(tree);
  if (type !== 'boolean') throw new RuleError('the rule must be a condition (a comparison, &&, || or !), not a number');
  return { source, test: (vars) => evaluate(tree, vars) as boolean };
}

/** The variables for one member. */
export function ruleVars(m: { dbSize: number; dbSizeInUse: number }, dbQuota: number, nospace: boolean, isLeader: boolean): RuleVars {
  return {
    dbSize: m.dbSize,
    dbSizeInUse: m.dbSizeInUse,
    dbSizeFree: Math.max(0, m.dbSize - m.dbSizeInUse),
    dbQuota,
    dbQuotaUsage: dbQuota > 0 ? m.dbSize / dbQuota : 0,
    nospace,
    isLeader,
  };
}
