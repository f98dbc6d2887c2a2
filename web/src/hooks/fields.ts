/**
 * The forms' fields in words and rules, no UI library: the label, the kind of input, whether it is
 * required, its least value or longest text, its hint. Each admin draws them its own way (BigDesign
 * now, Polaris later) and names them the same. Keys are the form values' keys (forms.ts).
 */
import { LIMITS } from '../api/limits';
import type { ItemEditValues, SettingsValues, TemplateValues } from './forms';

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'email' | 'checkbox';

export interface FieldSpec<K extends string = string> {
  key: K;
  label: string;
  /** The field as a sentence names it: "The threshold must be 0 or more." */
  name: string;
  kind: FieldKind;
  /** Marked as required; the rule itself is the form's `validate`. */
  required?: boolean;
  min?: number;
  /** The longest text the server keeps: a full form counts the characters against it. */
  limit?: number;
  hint?: string;
}

type Rules = Omit<FieldSpec, 'key' | 'label' | 'name' | 'kind'>;

function field<K extends string>(
  key: K,
  [label, name]: [label: string, name: string],
  kind: FieldKind,
  rules: Rules = {},
): FieldSpec<K> {
  return { key, label, name, kind, ...rules };
}

/** "12/60": the characters the server keeps (trimmed) against its limit. */
export const charCount = (value: string, limit: number) => `${value.trim().length}/${limit}`;

/** A template's fields; an item's own limits and texts (the quick edit) are named the same. */
export const TEMPLATE_FIELDS = {
  name: field('name', ['Template name', 'The template name'], 'text', {
    required: true,
    limit: LIMITS.templateName,
  }),
  isDefault: field('isDefault', ['Use as the default template', 'The default choice'], 'checkbox'),
  buttonText: field('buttonText', ['Button text', 'The button text'], 'text', {
    required: true,
    limit: LIMITS.buttonText,
  }),
  productMessage: field('productMessage', ['Product page message', 'The product page message'], 'textarea', {
    limit: LIMITS.productMessage,
  }),
  cartMessage: field('cartMessage', ['Cart message', 'The cart message'], 'textarea', {
    limit: LIMITS.cartMessage,
  }),
  threshold: field('threshold', ['Threshold (units)', 'The threshold'], 'number', { required: true, min: 0 }),
  incomingStock: field('incomingStock', ['Incoming stock', 'Incoming stock'], 'number', {
    min: 0,
    hint: 'For your records: it changes no stock and no rule.',
  }),
  backInStockDate: field('backInStockDate', ['Back-in-stock date', 'The back-in-stock date'], 'date', {
    hint: 'Optional. Backorder stops when this day starts in your store’s time zone.',
  }),
  packingSlipNote: field('packingSlipNote', ['Packing slip note', 'The packing slip note'], 'textarea', {
    limit: LIMITS.packingSlipNote,
  }),
} satisfies { [K in keyof TemplateValues]: FieldSpec<K> };

const T = TEMPLATE_FIELDS;

/** What shoppers see while a product is on backorder. */
export const STOREFRONT_FIELDS = [T.buttonText, T.productMessage, T.cartMessage];
/** When backorder stops by itself: the threshold is used up, or the date is reached. */
export const STOCK_FIELDS = [T.threshold, T.incomingStock, T.backInStockDate];
/** An item's texts, as its template gave them: the storefront's and the packing slip's. */
export const ITEM_TEXT_FIELDS: Array<FieldSpec<keyof ItemEditValues>> = [
  ...STOREFRONT_FIELDS,
  T.packingSlipNote,
];

/** The settings drawn as plain fields (the time zone and the default template are lists). */
export const SETTINGS_FIELDS = {
  switchCondition: field(
    'switchCondition',
    ['Switch to backorder at stock level', 'The switch condition'],
    'number',
    {
      required: true,
      hint: '0 means “when the last unit is sold”. A negative number lets stock go below zero first.',
    },
  ),
  ownerEmail: field('ownerEmail', ['Send notifications to', 'The notification email'], 'email', {
    hint: 'Leave empty to use the store owner’s email.',
  }),
  notifyOwner: field(
    'notifyOwner',
    ['Email me when backorder switches on or off for a product', 'The email choice'],
    'checkbox',
  ),
  autoAssignNewProducts: field(
    'autoAssignNewProducts',
    ['Assign new products automatically (with the default template)', 'The auto-assign choice'],
    'checkbox',
  ),
} satisfies { [K in keyof SettingsValues]?: FieldSpec<K> };

/** The settings the page draws as lists, named for sentences as the fields are. */
const LIST_NAMES: Record<string, string> = {
  timeZone: 'The time zone',
  defaultTemplateId: 'The default template',
};

/** The name of a form field for a sentence, whichever form has it (keys mean one thing everywhere). */
export function fieldName(key: string): string | undefined {
  const spec = (TEMPLATE_FIELDS as Record<string, FieldSpec>)[key];
  const setting = (SETTINGS_FIELDS as Record<string, FieldSpec>)[key];
  return spec?.name ?? setting?.name ?? LIST_NAMES[key];
}

/**
 * A rule's words as a whole sentence about the field: "is required" on the name becomes "The template
 * name is required." Words that are a sentence already (a capital first) are kept as they are.
 */
export function fieldSentence(key: string, words: string): string {
  const text = words.trim();
  const name = fieldName(key);
  const sentence = !name || /^[A-Z]/.test(text) ? text : `${name} ${text}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
