// The one rxjs-marbles setup for the suite: vitest's expect behind rxjs-marbles' root configure.
import { expect } from 'vitest';
import { configureMarbles } from '../../src/testing/marbles.js';

export const { marbles } = configureMarbles(expect);
