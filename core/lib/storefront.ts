/** The storefront script's name on the platform and where the app serves it (see http/storefront.routes). */
export const STOREFRONT_SCRIPT_NAME = 'Backorder storefront texts';

/** `store` tells the script which store's texts to ask for. */
export function storefrontScriptUrl(appUrl: string, platformId: string): string {
  return `${appUrl}/storefront/backorder.js?store=${encodeURIComponent(platformId)}`;
}
