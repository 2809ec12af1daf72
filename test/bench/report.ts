// Shared benchmark printing: a figure for ours beside the reference, measured in the same run, with the ratio.

export interface Figure {
  readonly label: string;
  readonly ours: number;
  readonly reference: number;
  readonly unit: string;
  /** 'higher' when more is better (throughput), 'lower' for times and memory. */
  readonly better: 'higher' | 'lower';
  /** The ratio the issue asks for, as ours/reference. */
  readonly goal?: number;
}

export function printTable(title: string, referenceName: string, figures: readonly Figure[]): void {
  console.log(`\n## ${title}`);
  console.log(`| case | rxzk | ${referenceName} | ratio (rxzk/ref) | goal |`);
  console.log('|---|---:|---:|---:|---|');
  for (const f of figures) {
    const ratio = f.ours / f.reference;
    const goal = f.goal === undefined ? '' : `${f.better === 'higher' ? '>=' : '<='} ${f.goal}x ${meets(f, ratio) ? 'met' : 'NOT met'}`;
    console.log(`| ${f.label} | ${fmt(f.ours)} ${f.unit} | ${fmt(f.reference)} ${f.unit} | ${ratio.toFixed(2)}x | ${goal} |`);
  }
}

function meets(f: Figure, ratio: number): boolean {
  if (f.goal === undefined) return true;
  return f.better === 'higher' ? ratio >= f.goal : ratio <= f.goal;
}

export function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(2);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
