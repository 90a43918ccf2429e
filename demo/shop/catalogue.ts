import type { MerchantProfile } from '../simulator/three-ds-server/messages.ts';

export interface Product {
  id: string;
  name: { ja: string; en: string };
  description: { ja: string; en: string };
  /** Japanese yen, tax included (purchaseExponent 0). */
  priceYen: number;
  /** A decorative character instead of an image: the pages load nothing external. */
  glyph: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'matcha',
    name: { ja: '宇治抹茶 詰め合わせ', en: 'Uji matcha assortment' },
    description: { ja: '石臼挽きの抹茶 3 種', en: 'Three stone-ground matcha teas' },
    priceYen: 3980,
    glyph: '茶',
  },
  {
    id: 'arita',
    name: { ja: '有田焼 小鉢セット', en: 'Arita porcelain bowls' },
    description: { ja: '手描きの染付 5 客', en: 'Five hand-painted bowls' },
    priceYen: 5500,
    glyph: '器',
  },
  {
    id: 'tetsubin',
    name: { ja: '南部鉄器 急須', en: 'Nambu cast-iron teapot' },
    description: { ja: '岩手の職人による 0.6 L', en: '0.6 L, made in Iwate' },
    priceYen: 12800,
    glyph: '鉄',
  },
  {
    id: 'headphones',
    name: { ja: 'ワイヤレスヘッドホン', en: 'Wireless headphones' },
    description: { ja: 'ノイズキャンセリング搭載', en: 'With noise cancelling' },
    priceYen: 129800,
    glyph: '音',
  },
];

export function productById(id: string | undefined): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

/** The demo shop as a 3DS Requestor (fictitious ids; nothing here is a real merchant). */
export function demoMerchant(publicUrl: string): MerchantProfile {
  return {
    name: 'ninsho Demo Shop',
    requestorID: 'NINSHO-DEMO-SHOP-0001',
    requestorURL: `${publicUrl}/demo/shop`,
    acquirerBIN: '400551',
    acquirerMerchantID: 'DEMO-MERCHANT-0001',
    mcc: '5999',
  };
}
