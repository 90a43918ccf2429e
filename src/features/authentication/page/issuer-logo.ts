/**
 * The fictional issuer's mark: a navy tile with a white monogram and a rising sun. Inline SVG because the page
 * may load nothing from anywhere; decorative (aria-hidden) since the issuer's name is printed beside it.
 * Sized by the `.logo` CSS class; presentation attributes only (the CSP forbids `style=`).
 */
export const ISSUER_LOGO_SVG =
  '<svg class="logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="40" height="40" ' +
  'aria-hidden="true" focusable="false">' +
  '<rect width="48" height="48" rx="11" fill="#0b3d91"/>' +
  '<circle cx="36.5" cy="12" r="5.5" fill="#f2a900"/>' +
  '<path d="M12 37V15.5L27.5 37V15.5" fill="none" stroke="#fff" stroke-width="5" ' +
  'stroke-linecap="round" stroke-linejoin="round"/>' +
  '<path d="M9 41.5h30" stroke="#8fb3ea" stroke-width="2" stroke-linecap="round"/>' +
  '</svg>';
