/**
 * Form state and validation for the settings and template forms, UI-library-free: values are the
 * strings the inputs hold; `validate` answers what the server would refuse, field by field.
 */
import { useCallback, useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import {
  countProblem,
  dateProblem,
  emailProblem,
  LIMITS,
  problems,
  textProblem,
  timeZoneProblem,
  wholeNumber,
} from '../api/limits';
import type { Item, ItemPatch, Settings, Template, TemplateInput } from '../api/types';
import { fieldSentence } from './fields';

export interface SettingsValues {
  switchCondition: string;
  ownerEmail: string;
  notifyOwner: boolean;
  timeZone: string;
  autoAssignNewProducts: boolean;
}

export const settingsValues = (s: Settings): SettingsValues => ({
  switchCondition: String(s.switchCondition),
  ownerEmail: s.ownerEmail ?? '',
  notifyOwner: s.notifyOwner,
  timeZone: s.timeZone,
  autoAssignNewProducts: s.autoAssignNewProducts,
});

export const validateSettings = (v: SettingsValues) =>
  problems({
    switchCondition: wholeNumber(v.switchCondition, LIMITS.switchCondition.min, LIMITS.switchCondition.max),
    ownerEmail: emailProblem(v.ownerEmail),
    timeZone: timeZoneProblem(v.timeZone),
  });

export const settingsPatch = (v: SettingsValues): Partial<Settings> => ({
  switchCondition: Number(v.switchCondition),
  ownerEmail: v.ownerEmail.trim() === '' ? null : v.ownerEmail.trim(),
  notifyOwner: v.notifyOwner,
  timeZone: v.timeZone,
  autoAssignNewProducts: v.autoAssignNewProducts,
});

export interface TemplateValues {
  name: string;
  isDefault: boolean;
  buttonText: string;
  productMessage: string;
  cartMessage: string;
  threshold: string;
  incomingStock: string;
  backInStockDate: string;
  packingSlipNote: string;
}

export const EMPTY_TEMPLATE: TemplateValues = {
  name: '',
  isDefault: false,
  buttonText: 'Pre-order now',
  productMessage: 'This item is on backorder and ships when it is back in stock.',
  cartMessage: 'Backordered: ships when back in stock.',
  threshold: '10',
  incomingStock: '0',
  backInStockDate: '',
  packingSlipNote: 'Backordered item: ships separately.',
};

export const templateValues = (t: Template): TemplateValues => ({
  name: t.name,
  isDefault: t.isDefault,
  buttonText: t.storefront.buttonText,
  productMessage: t.storefront.productMessage,
  cartMessage: t.storefront.cartMessage,
  threshold: String(t.stock.threshold),
  incomingStock: String(t.stock.incomingStock),
  backInStockDate:
    t.stock.backInStockDate && t.stock.backInStockDate !== 'none' ? t.stock.backInStockDate : '',
  packingSlipNote: t.packingSlip.note,
});

export const validateTemplate = (v: TemplateValues) =>
  problems({
    name: textProblem(v.name, LIMITS.templateName, true),
    buttonText: textProblem(v.buttonText, LIMITS.buttonText, true),
    productMessage: textProblem(v.productMessage, LIMITS.productMessage),
    cartMessage: textProblem(v.cartMessage, LIMITS.cartMessage),
    threshold: countProblem(v.threshold),
    incomingStock: countProblem(v.incomingStock),
    backInStockDate: dateProblem(v.backInStockDate),
    packingSlipNote: textProblem(v.packingSlipNote, LIMITS.packingSlipNote),
  });

export const templateInput = (v: TemplateValues): TemplateInput => ({
  name: v.name.trim(),
  isDefault: v.isDefault,
  storefront: {
    buttonText: v.buttonText.trim(),
    productMessage: v.productMessage.trim(),
    cartMessage: v.cartMessage.trim(),
  },
  stock: {
    threshold: Number(v.threshold),
    incomingStock: Number(v.incomingStock),
    backInStockDate: v.backInStockDate === '' ? 'none' : v.backInStockDate,
  },
  packingSlip: { note: v.packingSlipNote.trim() },
});

export interface ItemEditValues {
  threshold: string;
  incomingStock: string;
  backInStockDate: string;
  buttonText: string;
  productMessage: string;
  cartMessage: string;
  packingSlipNote: string;
}

export const itemEditValues = (item: Item): ItemEditValues => ({
  threshold: String(item.threshold),
  incomingStock: String(item.incomingStock),
  backInStockDate: item.backInStockDate ?? '',
  buttonText: item.texts?.buttonText ?? '',
  productMessage: item.texts?.productMessage ?? '',
  cartMessage: item.texts?.cartMessage ?? '',
  packingSlipNote: item.texts?.packingSlipNote ?? '',
});

/** The PATCH /api/items/:id rules; an item without texts (older API) is not asked for a button text. */
export const validateItemEdit = (v: ItemEditValues, withTexts = true) =>
  problems({
    threshold: countProblem(v.threshold),
    incomingStock: countProblem(v.incomingStock),
    backInStockDate: dateProblem(v.backInStockDate),
    buttonText: withTexts ? textProblem(v.buttonText, LIMITS.buttonText, true) : undefined,
    productMessage: textProblem(v.productMessage, LIMITS.productMessage),
    cartMessage: textProblem(v.cartMessage, LIMITS.cartMessage),
    packingSlipNote: textProblem(v.packingSlipNote, LIMITS.packingSlipNote),
  });

/** Only what changed, as the API takes it. */
export function itemPatchOf(item: Item, v: ItemEditValues): ItemPatch {
  const patch: ItemPatch = {};
  if (Number(v.threshold) !== item.threshold) patch.threshold = Number(v.threshold);
  if (Number(v.incomingStock) !== item.incomingStock) patch.incomingStock = Number(v.incomingStock);
  if ((v.backInStockDate || null) !== item.backInStockDate) patch.backInStockDate = v.backInStockDate || null;
  if (item.texts) {
    for (const key of ['buttonText', 'productMessage', 'cartMessage', 'packingSlipNote'] as const) {
      if (v[key].trim() !== item.texts[key]) patch[key] = v[key].trim();
    }
  }
  return patch;
}

/** Maps a server field path (`storefront.buttonText`, `stock.threshold`) to the form's field name. */
export function fieldOf(serverField: string | undefined): string | undefined {
  if (!serverField) return undefined;
  const last = serverField.split('.').pop()!;
  return last === 'note' ? 'packingSlipNote' : last;
}

/** A field's problem as the form shows it: the field's key and a whole sentence. */
export interface FieldProblem<K> {
  key: K;
  text: string;
}

/**
 * A form: values, submitted errors (whole sentences, on the field and listed for the button), the
 * server's error per field, warnings as the values are typed (`warn`: what saving them would do), submit.
 */
export function useForm<V extends object>(
  initial: V,
  validate: (v: V) => Partial<Record<keyof V, string>>,
  submit: (v: V) => Promise<unknown>,
  options: { warn?: (v: V) => Partial<Record<keyof V, string>> } = {},
) {
  const [values, setValues] = useState<V>(initial);
  const [submitted, setSubmitted] = useState(false);
  /** Submits that ended with a problem to show: the page brings the first one into view each time. */
  const [failedSubmits, setFailedSubmits] = useState(0);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<ApiError>();
  const errors = useMemo(() => validate(values), [validate, values]);
  const { warn } = options;
  const warnings = useMemo<Partial<Record<keyof V, string>>>(() => warn?.(values) ?? {}, [warn, values]);
  const set = useCallback(<K extends keyof V>(key: K, value: V[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setServerError((e) => (e && fieldOf(e.field) === key ? undefined : e));
  }, []);
  const visible: Partial<Record<keyof V, string>> = submitted ? { ...errors } : {};
  const serverField = fieldOf(serverError?.field) as keyof V | undefined;
  const onField = !!serverError && !!serverField && serverField in (values as object);
  if (onField) visible[serverField!] = serverError!.message.replace(/^[\w.]+: /, '');
  const problems: Array<FieldProblem<keyof V>> = Object.entries(visible)
    .filter(([, words]) => !!words)
    .map(([key, words]) => ({ key: key as keyof V, text: fieldSentence(key, words as string) }));
  const visibleErrors = Object.fromEntries(problems.map((p) => [p.key, p.text])) as Partial<
    Record<keyof V, string>
  >;
  /** The server's refusal when no field of this form shows it: the form shows it as a whole. */
  const formError = onField ? undefined : serverError?.message;
  const onSubmit = useCallback(async () => {
    setSubmitted(true);
    if (Object.keys(validate(values)).length > 0) {
      setFailedSubmits((n) => n + 1);
      return false;
    }
    setSaving(true);
    setServerError(undefined);
    try {
      await submit(values);
      return true;
    } catch (err) {
      if (err instanceof ApiError) setServerError(err);
      else setServerError(new ApiError(0, 'unexpected', String(err)));
      setFailedSubmits((n) => n + 1);
      return false;
    } finally {
      setSaving(false);
    }
  }, [submit, validate, values]);
  return {
    values,
    set,
    errors: visibleErrors,
    /** The visible errors in the fields' order, for the summary at the form's button. */
    problems,
    warnings,
    failedSubmits,
    saving,
    serverError,
    formError,
    onSubmit,
  };
}

/** What `useForm` gives a form's fields: values, visible errors, `set`, the whole-form error, submit. */
export type FormState<V extends object> = ReturnType<typeof useForm<V>>;
