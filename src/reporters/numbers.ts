// Plain decimal numbers, never exponent notation (perfdata allows only [-0-9.]).
export function plainNumber(value: number): string {
  const s = String(value);
  if (!/e/i.test(s)) return s;
  if (Math.abs(value) >= 1) return BigInt(Math.round(value)).toString();
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
