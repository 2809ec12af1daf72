// Chroot handling: the client speaks in paths below its chroot, the server in full paths.

export interface Chroot {
  toServer(path: string): string;
  /** Undefined when the server path lies outside the chroot (never expected; such events are dropped). */
  fromServer(path: string): string | undefined;
}

export function chrootOf(chrootPath: string | undefined): Chroot {
  if (chrootPath === undefined) return { toServer: (path) => path, fromServer: (path) => path };
  return {
    toServer: (path) => (path === '/' ? chrootPath : chrootPath + path),
    fromServer: (path) => {
      if (path === chrootPath) return '/';
      return path.startsWith(`${chrootPath}/`) ? path.slice(chrootPath.length) : undefined;
    },
  };
}
