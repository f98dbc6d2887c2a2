/**
 * The admin opens at the page a deep link names (the load callback's `url` claim, passed in
 * `<meta name="backorder-deep-link">`): the links in the owner's emails (DEEP_LINKS) each have a page.
 */
import { DEEP_LINKS } from '../../core/contract/admin-api';
import { hashOfDeepLink, openDeepLink, parseHash } from '../../web/src/hooks/use-hash-route';

describe('a deep link', () => {
  afterEach(() => {
    document.head.innerHTML = '';
    window.history.replaceState(null, '', '/');
  });

  it("names a page of the admin for every link the server's emails carry", () => {
    expect(hashOfDeepLink(DEEP_LINKS.item(42))).toBe('#/products?item=42');
    expect(hashOfDeepLink(DEEP_LINKS.items)).toBe('#/products');
    const route = parseHash(hashOfDeepLink(DEEP_LINKS.item(42))!);
    expect(route.page).toBe('products');
    expect(route.params.get('item')).toBe('42');
    expect(hashOfDeepLink('/orders/106/personal-thanks')).toBeUndefined();
  });

  it('opens its page when the frame shows none yet, and leaves a page the user went to', () => {
    document.head.innerHTML = '<meta name="backorder-deep-link" content="/items/7">';
    openDeepLink(document, window);
    expect(window.location.hash).toBe('#/products?item=7');
    window.history.replaceState(null, '', '#/activity');
    openDeepLink(document, window);
    expect(window.location.hash).toBe('#/activity');
  });
});
