/**
 * Believable customer addresses for emulated orders, picked from the shipping country's ISO code.
 */
import type { AddressRecord } from './types';

interface Place {
  country: string;
  city: string;
  state: string;
  zip: string;
  street: string;
  phone: string;
}

const PLACES: Record<string, Place> = {
  US: {
    country: 'United States',
    city: 'Austin',
    state: 'Texas',
    zip: '78701',
    street: '512 Congress Ave',
    phone: '+1 512 555 0142',
  },
  CA: {
    country: 'Canada',
    city: 'Toronto',
    state: 'Ontario',
    zip: 'M5V 2T6',
    street: '88 Queen St W',
    phone: '+1 416 555 0199',
  },
  GB: {
    country: 'United Kingdom',
    city: 'London',
    state: 'Greater London',
    zip: 'E1 6AN',
    street: '14 Brick Lane',
    phone: '+44 20 7946 0321',
  },
  IE: {
    country: 'Ireland',
    city: 'Dublin',
    state: 'Dublin',
    zip: 'D02 X285',
    street: '22 Camden St Lower',
    phone: '+353 1 555 0188',
  },
  DE: {
    country: 'Germany',
    city: 'Berlin',
    state: 'Berlin',
    zip: '10999',
    street: 'Oranienstraße 25',
    phone: '+49 30 5550 1234',
  },
  FR: {
    country: 'France',
    city: 'Lyon',
    state: 'Auvergne-Rhône-Alpes',
    zip: '69002',
    street: '7 Rue Mercière',
    phone: '+33 4 78 55 01 23',
  },
  NL: {
    country: 'Netherlands',
    city: 'Amsterdam',
    state: 'Noord-Holland',
    zip: '1015 CJ',
    street: 'Prinsengracht 263',
    phone: '+31 20 555 0147',
  },
  SE: {
    country: 'Sweden',
    city: 'Stockholm',
    state: 'Stockholm',
    zip: '118 20',
    street: 'Götgatan 48',
    phone: '+46 8 555 012 34',
  },
  IT: {
    country: 'Italy',
    city: 'Milan',
    state: 'Lombardia',
    zip: '20121',
    street: 'Via Brera 12',
    phone: '+39 02 5550 1234',
  },
  ES: {
    country: 'Spain',
    city: 'Barcelona',
    state: 'Catalunya',
    zip: '08001',
    street: 'Carrer de Joaquín Costa 30',
    phone: '+34 93 555 01 23',
  },
  AU: {
    country: 'Australia',
    city: 'Melbourne',
    state: 'Victoria',
    zip: '3065',
    street: '120 Smith St',
    phone: '+61 3 5550 1234',
  },
  NZ: {
    country: 'New Zealand',
    city: 'Wellington',
    state: 'Wellington',
    zip: '6011',
    street: '51 Cuba St',
    phone: '+64 4 555 0123',
  },
  JP: {
    country: 'Japan',
    city: 'Tokyo',
    state: 'Tokyo',
    zip: '150-0001',
    street: '3-14-5 Jingumae, Shibuya-ku',
    phone: '+81 3 5550 1234',
  },
};

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** "jane.doe@example.com" → Jane / Doe; anything else → the local part and "Customer". */
export function namesFromEmail(email: string): { first: string; last: string } {
  const local = email.split('@')[0] ?? '';
  const parts = local.split(/[._-]+/).filter((p) => /^[a-z]+$/i.test(p));
  const first = parts[0];
  const last = parts[1];
  if (first && last) return { first: titleCase(first), last: titleCase(last) };
  return { first: titleCase(first ?? 'Guest'), last: 'Customer' };
}

export function addressFor(email: string, countryIso2: string): AddressRecord {
  const iso = countryIso2.toUpperCase();
  const place = PLACES[iso] ?? {
    country: iso,
    city: 'Capital City',
    state: '',
    zip: '10000',
    street: '1 Main Street',
    phone: '+1 555 0100',
  };
  const names = namesFromEmail(email);
  return {
    first_name: names.first,
    last_name: names.last,
    company: '',
    street_1: place.street,
    street_2: '',
    city: place.city,
    state: place.state,
    zip: place.zip,
    country: place.country,
    country_iso2: iso,
    phone: place.phone,
    email,
  };
}
