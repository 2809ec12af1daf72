// Chroot handling: the client speaks in paths below its chroot, the server in full paths.

export interface Chroot {
  toServer(path: string): string;
  /** Undefined when the server path lies outside the chroot (never expected; such events are dropped). */
  fromServer(path: string): string | undefined;
}

const identity = (path: string): string => path;
/** No chroot: one shared pair of identity functions, not a new pair per client. */
const noChroot: Chroot = { toServer: identity, fromServer: identity };

export function chrootOf(chrootPath: string | undefined): Chroot {
  if (chrootPath === undefined) return noChroot;
  return {
    toServer: (path) => (path === '/' ? chrootPath : chrootPath + path),
    fromServer: (path) => {
      if (path === chrootPath) return '/';
      return path.startsWith(`${chrootPath}/`) ? path.slice(chrootPath.length) : undefined;
    },
  };
}
