/** Handlebars email templates from templates/emails/: compiled once, rendered to HTML and text parts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../lib/paths';

const cache = new Map<string, HandlebarsTemplateDelegate>();

function compiled(name: string): HandlebarsTemplateDelegate {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(path.join(projectRoot, 'templates', 'emails', name), 'utf8');
    // Text parts are not HTML: no entity escaping there.
    template = Handlebars.compile(source, { noEscape: name.endsWith('.text.hbs'), strict: true });
    cache.set(name, template);
  }
  return template;
}

export function renderEmail(name: string, data: Record<string, unknown>): { html: string; text: string } {
  return { html: compiled(`${name}.html.hbs`)(data), text: compiled(`${name}.text.hbs`)(data) };
}
