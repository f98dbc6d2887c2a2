/** The admin API's shapes: the contract the server answers by (core/contract/admin-api.ts). */
export type * from '../../../core/contract/admin-api';
export { ITEM_SORTS } from '../../../core/contract/admin-api';
export type * from '../../../core/contract/unassign';
export { NOT_TRACKED_WORDS, unassignOutcome } from '../../../core/contract/unassign';
