import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAppConfig } from '../../../core/config/app-config';

const shipped = () => JSON.parse(readFileSync(path.join(__dirname, '../../../app.config.json'), 'utf8'));
const written = (config: Record<string, unknown>) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'backorder-config-')), 'app.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
};

describe('app.config.json retention', () => {
  it('keeps activity a year and webhook ids a week when the file has no retention section', () => {
    const { retention: _, ...older } = shipped();
    expect(loadAppConfig(written(older)).retention).toEqual({
      activityDays: 365,
      webhookDays: 7,
      outboxSentDays: 7,
      importPreviewDays: 7,
      importDays: 365,
      uploadHours: 24,
      batchRows: 5_000,
      batchesPerSweep: 10,
    });
  });

  it('takes longer windows, and refuses one shorter than the duplicates it must catch, naming it', () => {
    const config = shipped();
    expect(
      loadAppConfig(written({ ...config, retention: { ...config.retention, activityDays: 730 } })).retention,
    ).toMatchObject({ activityDays: 730, webhookDays: 7 });
    expect(() =>
      loadAppConfig(written({ ...config, retention: { ...config.retention, webhookDays: 2 } })),
    ).toThrow(
      'app.config.json: retention.webhookDays must be at least 7 (deliveries are deduplicated for 7 days)',
    );
    expect(() =>
      loadAppConfig(written({ ...config, retention: { ...config.retention, activityDays: 7 } })),
    ).toThrow('app.config.json: retention.activityDays must be at least 31 (the Overview charts 30 days)');
  });
});
