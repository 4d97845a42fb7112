/**
 * Derived constraints between sweep parameters, written as one comparison of two arithmetic expressions over
 * parameter names and numbers: `rfW + rfI + rfO <= 256`, `peX * peY <= 256`, `glbKB >= 2 * rfKB`.
 *
 * Grammar (usual precedence, left-associative):
 *   constraint := sum ('<=' | '>=' | '<' | '>' | '==') sum
 *   sum        := product (('+' | '-') product)*
 *   product    := unary (('*' | '/') unary)*
 *   unary      := '-' unary | atom
 *   atom       := number | name | '(' sum ')'
 *
 * Pure: `parseConstraint` returns `Either<string, Constraint>` (never throws); `holds` evaluates a parsed
 * constraint on a point (a name missing from the point makes it false).
 *
 * @example parseConstraint('peX * peY <= 256') // Right(...); holds(c, { peX: 16, peY: 16 }) === true
 */
import * as E from 'fp-ts/lib/Either.js';

// ---------------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------------

/** An arithmetic expression tree. */
export type Expr =
  | { readonly _tag: 'Num'; readonly value: number }
  | { readonly _tag: 'Var'; readonly name: string }
  | { readonly _tag: 'Neg'; readonly arg: Expr }
  | { readonly _tag: 'Bin'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr };

export type Comparison = '<=' | '>=' | '<' | '>' | '==';

/** A parsed derived constraint `left op right`, with its source text. */
export interface Constraint {
  readonly text: string;
  readonly op: Comparison;
  readonly left: Expr;
  readonly right: Expr;
}

// ---------------------------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------------------------

/** Parse `text`; `Left(message)` says what was expected where. */
export const parseConstraint = (text: string): E.Either<string, Constraint> => {
  const toks = tokenize(text);
  if (E.isLeft(toks)) return toks;
  const p = new Parser(toks.right);
  const left = p.sum();
  if (E.isLeft(left)) return left;
  const op = p.peek();
  if (op === undefined || !COMPARISONS.includes(op as Comparison)) return E.left(`expected a comparison (<=, >=, <, >, ==) after '${show(left.right)}'`);
  p.next();
  const right = p.sum();
  if (E.isLeft(right)) return right;
  const rest = p.peek();
  if (rest !== undefined) return E.left(`unexpected '${rest}' after the comparison`);
  return E.right({ text, op: op as Comparison, left: left.right, right: right.right });
};

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Value of an expression at a point (NaN when a name is missing or not a number). */
export const evaluateExpr = (e: Expr, point: Readonly<Record<string, number | string>>): number => {
  switch (e._tag) {
    case 'Num':
      return e.value;
    case 'Var': {
      const v = Object.prototype.hasOwnProperty.call(point, e.name) ? point[e.name] : undefined;
      return typeof v === 'number' ? v : NaN;
    }
    case 'Neg':
      return -evaluateExpr(e.arg, point);
    case 'Bin': {
      const a = evaluateExpr(e.left, point);
      const b = evaluateExpr(e.right, point);
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
  }
};

/** Whether the constraint holds at `point` (false when either side is not a finite number). */
export const holds = (c: Constraint, point: Readonly<Record<string, number | string>>): boolean => {
  const a = evaluateExpr(c.left, point);
  const b = evaluateExpr(c.right, point);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  switch (c.op) {
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '==':
      return a === b;
  }
};

/** The parameter names an expression reads. */
export const namesOf = (e: Expr): ReadonlyArray<string> =>
  e._tag === 'Var' ? [e.name] : e._tag === 'Num' ? [] : e._tag === 'Neg' ? namesOf(e.arg) : [...namesOf(e.left), ...namesOf(e.right)];

// ---------------------------------------------------------------------------------------------------------
// utils
// ---------------------------------------------------------------------------------------------------------

const COMPARISONS: ReadonlyArray<Comparison> = ['<=', '>=', '<', '>', '=='];

const tokenize = (text: string): E.Either<string, string[]> => {
  const out: string[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][\w.]*)|(<=|>=|==|[-+*/()<>]))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null) return E.left(`unexpected character '${text.slice(i).trimStart()[0] ?? ''}' at column ${i + 1}`);
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
    i = re.lastIndex;
  }
  return E.right(out);
};

class Parser {
  private i = 0;
  constructor(private readonly toks: ReadonlyArray<string>) {}
  peek(): string | undefined {
    return this.toks[this.i];
  }
  next(): string | undefined {
    return this.toks[this.i++];
  }
  sum(): E.Either<string, Expr> {
    let left = this.product();
    for (;;) {
      if (E.isLeft(left)) return left;
      const op = this.peek();
      if (op !== '+' && op !== '-') return left;
      this.next();
      const right = this.product();
      if (E.isLeft(right)) return right;
      left = E.right({ _tag: 'Bin', op, left: left.right, right: right.right });
    }
  }
  product(): E.Either<string, Expr> {
    let left = this.unary();
    for (;;) {
      if (E.isLeft(left)) return left;
      const op = this.peek();
      if (op !== '*' && op !== '/') return left;
      this.next();
      const right = this.unary();
      if (E.isLeft(right)) return right;
      left = E.right({ _tag: 'Bin', op, left: left.right, right: right.right });
    }
  }
  unary(): E.Either<string, Expr> {
    if (this.peek() === '-') {
      this.next();
      return E.map((arg: Expr): Expr => ({ _tag: 'Neg', arg }))(this.unary());
    }
    return this.atom();
  }
  atom(): E.Either<string, Expr> {
    const t = this.next();
    if (t === undefined) return E.left('unexpected end of the expression');
    if (t === '(') {
      const e = this.sum();
      if (E.isLeft(e)) return e;
      if (this.next() !== ')') return E.left("expected ')'");
      return e;
    }
    if (/^[\d.]/.test(t)) return E.right({ _tag: 'Num', value: Number(t) });
    if (/^[A-Za-z_]/.test(t)) return E.right({ _tag: 'Var', name: t });
    return E.left(`unexpected '${t}'`);
  }
}

const show = (e: Expr): string =>
  e._tag === 'Num' ? String(e.value) : e._tag === 'Var' ? e.name : e._tag === 'Neg' ? `-${show(e.arg)}` : `${show(e.left)} ${e.op} ${show(e.right)}`;
