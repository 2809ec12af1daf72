// CreateMode flag values of create requests, and what each implies.

export const CreateMode = {
  PERSISTENT: 0,
  EPHEMERAL: 1,
  PERSISTENT_SEQUENTIAL: 2,
  EPHEMERAL_SEQUENTIAL: 3,
  CONTAINER: 4,
  PERSISTENT_WITH_TTL: 5,
  PERSISTENT_SEQUENTIAL_WITH_TTL: 6,
} as const;
export type CreateMode = (typeof CreateMode)[keyof typeof CreateMode];

export function isCreateMode(flags: number): flags is CreateMode {
  return Number.isInteger(flags) && flags >= 0 && flags <= 6;
}

export function isSequential(mode: CreateMode): boolean {
  return mode === 2 || mode === 3 || mode === 6;
}

export function isEphemeral(mode: CreateMode): boolean {
  return mode === 1 || mode === 3;
}

export function isTTL(mode: CreateMode): boolean {
  return mode === 5 || mode === 6;
}
