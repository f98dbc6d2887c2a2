import type { Job } from 'bullmq';
import { isAppError } from '../core/errors';
import type { Logger } from '../core/lib/log';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { applySwitchCondition, failSwitchApply } from '../core/use-cases/change-switch-condition.use-case';
import type { JobPayloads } from './queues';

/**
 * Applies a saved switch condition to the store's items. A retry starts the walk again (what is done
 * stays done). Once the last attempt fails, the change is marked failed, so the Settings page stops
 * saying it is being applied and asks the merchant to save it again.
 */
export function switchConditionProcessor(deps: ApplyDeps & { log: Logger }) {
  return async (job: Job<JobPayloads['switchCondition']>) => {
    const { storeId, applyId } = job.data;
    try {
      const done = await applySwitchCondition(deps, storeId, applyId);
      return done ? { switchedOn: done.switchedOn, switchedOff: done.switchedOff } : { replaced: true };
    } catch (err) {
      if ((isAppError(err) && err.kind === 'must-fix') || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        deps.log.error('switch condition could not be applied', { storeId, applyId, error: err });
        await failSwitchApply(deps, storeId, applyId);
      }
      throw err;
    }
  };
}
