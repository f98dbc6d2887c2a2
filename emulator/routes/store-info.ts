/**
 * `/v2/store` (store information, with the time zone's offsets worked out from its IANA name) and
 * `/v2/time`.
 */
import { Router, type Request, type Response } from 'express';
import type { EmulatedStore } from '../store';
import { api } from './context';

/** Offset of `timeZone` from UTC, in seconds, at `date`. */
function offsetSeconds(timeZone: string, date: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 1000);
}

export function timezoneInfo(timeZone: string, now = new Date()) {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const year = now.getUTCFullYear();
  const january = offsetSeconds(zone, new Date(Date.UTC(year, 0, 1)));
  const july = offsetSeconds(zone, new Date(Date.UTC(year, 6, 1)));
  return {
    name: zone,
    raw_offset: Math.min(january, july),
    dst_offset: Math.max(january, july),
    dst_correction: january !== july,
    date_format: { display: 'M jS Y', export: 'M jS Y', extended_display: 'M jS Y @ g:i A' },
  };
}

/** Where an emulated store is, by its country: the fields of store information that say so. */
const PLACES: Record<string, { country: string; address: string; phone: string; language: string }> = {
  US: {
    country: 'United States',
    address: '512 Congress Ave\nAustin, Texas 78701',
    phone: '+1 512 555 0100',
    language: 'en',
  },
  GB: {
    country: 'United Kingdom',
    address: '14 Tooley Street\nLondon SE1 2SZ',
    phone: '+44 20 7946 0100',
    language: 'en',
  },
};

export function storeInformation(store: EmulatedStore, baseUrl: string): Record<string, unknown> {
  const { data } = store;
  const domain = `${data.hash}.mybigcommerce.example`;
  const countryCode = data.country ?? 'US';
  const place = PLACES[countryCode] ?? { ...PLACES.US!, country: countryCode };
  return {
    id: data.hash,
    account_uuid: data.accountUuid,
    domain,
    secure_url: `https://${domain}`,
    control_panel_base_url: `${baseUrl}/_emulator/stores/${data.hash}/admin`,
    status: 'live',
    name: data.name,
    first_name: 'Store',
    last_name: 'Owner',
    address: `${data.name}\n${place.address}`,
    country: place.country,
    country_code: countryCode,
    infrastructure_region: 'us-central1',
    phone: place.phone,
    admin_email: data.owner.email,
    order_email: `orders@${domain}`,
    favicon_url: `https://${domain}/favicon.ico`,
    timezone: timezoneInfo(data.timeZone),
    language: place.language,
    currency: 'USD',
    currency_symbol: '$',
    decimal_separator: '.',
    thousands_separator: ',',
    decimal_places: 2,
    currency_symbol_location: 'left',
    weight_units: 'kg',
    dimension_units: 'Centimeters',
    dimension_decimal_places: 2,
    dimension_decimal_token: '.',
    dimension_thousands_token: ',',
    plan_name: 'Standard',
    plan_level: 'Standard',
    plan_is_trial: false,
    industry: 'Food & Beverage',
    logo: [],
    is_price_entered_with_tax: false,
    store_id: data.storeId,
    default_channel_id: 1,
    default_site_id: 1000,
    active_comparison_modules: [],
    features: {
      stencil_enabled: true,
      sitewidehttps_enabled: true,
      facebook_catalog_id: '',
      checkout_type: 'optimized',
      wishlists_enabled: false,
      graphql_storefront_api_enabled: true,
      shopper_consent_tracking_enabled: true,
      multi_storefront_enabled: false,
      storefront_limits: { active: 1, total_including_inactive: 1 },
    },
  };
}

export function storeInfoRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/store', (_req: Request, res: Response) => {
    const { store, baseUrl } = api(res);
    res.json(storeInformation(store, baseUrl));
  });
  router.get('/time', (_req: Request, res: Response) => {
    res.json({ time: Math.floor(Date.now() / 1000) });
  });
  return router;
}
