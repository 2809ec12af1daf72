// The znode path rules a ZooKeeper 3.8 client and server enforce (PathUtils.validatePath), as a pure check.

function isInvalidChar(code: number): boolean {
  return (
    (code > 0x00 && code <= 0x1f) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xf8ff) ||
    (code >= 0xfff0 && code <= 0xffff)
  );
}

/** Whether `path[index]` ends a "." or ".." segment (followed by '/' or the end). */
function endsSegment(path: string, index: number): boolean {
  return index + 1 === path.length || path[index + 1] === '/';
}

function charProblem(path: string, index: number): string | undefined {
  const char = path[index];
  const previous = path[index - 1];
  if (char === '\u0000') return `null character not allowed @${index}`;
  if (char === '/' && previous === '/') return `empty node name specified @${index}`;
  if (char === '.' && previous === '.' && path[index - 2] === '/' && endsSegment(path, index)) {
    return `relative paths not allowed @${index}`;
  }
  if (char === '.' && previous === '/' && endsSegment(path, index)) return `relative paths not allowed @${index}`;
  if (isInvalidChar(path.charCodeAt(index))) return `invalid character @${index}`;
  return undefined;
}

/** Why `path` is not a valid znode path, or undefined when it is. Java's wording, for familiar messages. */
export function invalidPathReason(path: string): string | undefined {
  if (path.length === 0) return 'Path length must be > 0';
  if (path[0] !== '/') return 'Path must start with / character';
  if (path.length === 1) return undefined;
  if (path.endsWith('/')) return 'Path must not end with / character';
  for (let index = 1; index < path.length; index += 1) {
    const problem = charProblem(path, index);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

export function isValidPath(path: string): boolean {
  return invalidPathReason(path) === undefined;
}
