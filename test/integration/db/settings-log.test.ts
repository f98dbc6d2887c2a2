/**
 * A Settings save writes its Activity entry in its own transaction, on PostgreSQL and on PGlite alike
 * (the default template's flag moves in a savepoint of it): the entry names each changed setting from
 * and to (the default template by name), and a save that changes nothing logs nothing.
 */
import { listEvents } from '../../../core/db/events.repo';
import { createTemplate, listTemplates } from '../../../core/db/templates.repo';
import { changeSettings } from '../../../core/use-cases/change-switch-condition.use-case';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { makeStore } from '../../support/fixtures';

const user = { kind: 'user', userId: '7', email: 'amy@example.com' } as const;
const template = {
  buttonText: 'Backorder now',
  productMessage: '',
  cartMessage: '',
  threshold: 5,
  incomingStock: 0,
  packingSlipNote: '',
};

describe.each(DB_KINDS)('settings changes in Activity on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const deps = () => ({ db: t.db, clock: () => new Date(), enqueueSwitchApply: async () => undefined });
  const logged = async (storeId: number) => listEvents(t.db, storeId, { type: 'settings', limit: 10 });

  it('logs what changed with who changed it, the default template by name, and nothing for no change', async () => {
    const store = await makeStore(t.db);
    const a = await createTemplate(t.db, store.id, { ...template, name: 'A', isDefault: true });
    const b = await createTemplate(t.db, store.id, { ...template, name: 'B' });
    await changeSettings(deps(), store.id, { defaultTemplateId: b.id, notifyOwner: false }, user);
    const [entry] = await logged(store.id);
    expect(entry).toMatchObject({
      itemId: null,
      actor: user,
      data: {
        from: { defaultTemplateId: a.id, defaultTemplate: 'A', notifyOwner: true },
        to: { defaultTemplateId: b.id, defaultTemplate: 'B', notifyOwner: false },
      },
    });
    // The template's flag moved with the pointer, in the same save.
    expect((await listTemplates(t.db, store.id)).filter((x) => x.isDefault).map((x) => x.name)).toEqual([
      'B',
    ]);
    await changeSettings(deps(), store.id, { defaultTemplateId: b.id, notifyOwner: false }, user);
    expect(await logged(store.id)).toHaveLength(1);
  });
});
