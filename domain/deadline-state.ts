import type { Deadline } from './case.types';

/** The clock is counting (or stopped for a pause). */
export const isOpen = (d: Deadline): boolean => d.state === 'running' || d.state === 'paused';

/** An obligation not yet fulfilled: running, paused, or missed and still owed. */
export const isPending = (d: Deadline): boolean => isOpen(d) || (d.state === 'missed' && d.endedAt === null);
