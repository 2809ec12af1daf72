// String.split with a literal separator, Java style: trailing empty strings are removed. ZooKeeper's server-line
// parser depends on that (a trailing `:` or `;` is silently ignored by a real server).

export function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '' && text !== '') return [];
  return parts;
}
