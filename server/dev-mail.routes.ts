/** /dev/mail: what the local SMTP catcher received (demo and development without SMTP_URL only). */
import { Router } from 'express';
import type { MailCatcher } from '../core/mail/catcher';

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function devMailRoutes(catcher: MailCatcher): Router {
  const router = Router();
  router.get('/dev/mail.json', (_req, res) => {
    res.json({ messages: catcher.messages });
  });
  router.get('/dev/mail', (_req, res) => {
    const rows = [...catcher.messages]
      .reverse()
      .map(
        (m, i) =>
          `<details${i === 0 ? ' open' : ''}><summary><strong>${escape(m.subject)}</strong> — to ${escape(m.to.join(', '))} · ${escape(m.receivedAt)}${
            m.attachments.length ? ` · ${m.attachments.map((a) => escape(a.filename)).join(', ')}` : ''
          }</summary><iframe sandbox srcdoc="${escape(m.html)}" style="width:100%;height:420px;border:1px solid #d9dce9"></iframe></details>`,
      )
      .join('');
    res
      .type('html')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Caught mail</title><body style="font-family:system-ui;margin:24px;color:#313440"><h1>Caught mail (${catcher.messages.length})</h1><p>The demo's local SMTP server received these; nothing was sent to the internet.</p>${rows || '<p>No mail yet.</p>'}</body>`,
      );
  });
  return router;
}
