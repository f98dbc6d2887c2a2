/** The admin API's shapes: the contract the server answers by (core/contract/admin-api.ts). */
export type * from '../../../core/contract/admin-api';
export { ITEM_SORTS, NOT_TRACKED_WORDS, unassignOutcome } from '../../../core/contract/admin-api';
