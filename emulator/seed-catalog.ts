/**
 * The demo store's catalog: a coffee and kitchen-goods shop, one product a line:
 * `SKU | name | price | stock` or `SKU | name | price | Option: label=SUFFIX:stock[@price], …`.
 * Order matters (ids are handed out in this order), so append, don't reorder, or a restarted demo store
 * stops matching what an app stored.
 */
import type { ProductSpec } from './catalog-builder';

export const CATEGORIES = {
  coffee: 23,
  tea: 24,
  brewing: 25,
  grinders: 26,
  mugs: 27,
  accessories: 28,
} as const;

type Category = keyof typeof CATEGORIES;

const CATALOG: Record<Category, string> = {
  coffee: `
COF-ETH-YIR-1KG | Ethiopia Yirgacheffe Whole Bean 1 kg | 38.50 | 42
COF-ETH-YIR-250G | Ethiopia Yirgacheffe Whole Bean 250 g | 12.90 | 0
COF-COL-HUI | Colombia Huila Single Origin | 11.50 | Size: 250 g=250G:18@11.50, 500 g=500G:0@19.90, 1 kg=1KG:7@34
COF-KEN-AA | Kenya AA Nyeri Washed | 14.50 | Size: 250 g=250G:3@14.50, 1 kg=1KG:12@46
COF-BRA-CER-1KG | Brazil Cerrado Espresso Blend 1 kg | 27 | 64
COF-GUA-ANT-500G | Guatemala Antigua Whole Bean 500 g | 18.50 | 25
COF-SUM-MAN | Sumatra Mandheling Dark Roast 250 g | 13.90 | Grind: Whole Bean=WB:9, Filter=FIL:4, Espresso=ESP:0
COF-HOU-BLD | House Blend Medium Roast | 9.90 | Size: 250 g=250G:120@9.90, 1 kg=1KG:35@31
COF-DEC-SWP-500G | Swiss Water Decaf Colombia 500 g | 17.90 | 2
COF-RWA-KIV-250G | Rwanda Lake Kivu Washed 250 g | 13.50 | 0
COF-CRI-TAR-250G | Costa Rica Tarrazú Honey Process 250 g | 14.90 | 16
COF-ESP-ROM-1KG | Roma Espresso Blend 1 kg | 29.50 | 88`,
  tea: `
TEA-JPN-SEN-100G | Japanese Sencha Loose Leaf 100 g | 11.90 | 30
TEA-ASM-BRK-250G | Assam English Breakfast 250 g | 9.50 | 54
TEA-MAT-CER | Ceremonial Grade Matcha | 24 | Size: 30 g tin=30G:6@24, 100 g pouch=100G:0@69
TEA-ERL-GRY-100G | Earl Grey Bergamot 100 g | 8.90 | 1
TEA-CHA-MAS-200G | Masala Chai Spice Blend 200 g | 10.50 | 22
TEA-ROO-VAN-100G | Rooibos Vanilla 100 g | 7.90 | 40
TEA-OOL-TGY-50G | Tieguanyin Oolong 50 g | 15.50 | 0`,
  brewing: `
BRW-HAR-V60-02-WHT | Hario V60 Dripper 02 Ceramic White | 27 | 14
BRW-HAR-V60-02P | Hario V60 Dripper 02 Plastic | 8.50 | Colour: Clear=CLR:40, Red=RED:0, White=WHT:11
BRW-CHE-CLS-6 | Chemex Classic 6-Cup Coffeemaker | 49 | 8
BRW-AER-ORG | AeroPress Original Coffee Maker | 39.95 | 27
BRW-AER-GO | AeroPress Go Travel Coffee Press | 36.95 | 0
BRW-BOD-CHB | Bodum Chambord French Press | 29 | Size: 3 cup=3C:10@29, 8 cup=8C:22@39, 12 cup=12C:3@45
BRW-FEL-EKG | Fellow Stagg EKG Electric Kettle | 165 | Colour: Matte Black=BLK:4, Matte White=WHT:2, Polished Copper=CPR:0@195
BRW-HAR-BUO-12 | Hario Buono Drip Kettle 1.2 L | 42 | 13
BRW-BIA-MOK | Bialetti Moka Express | 29.90 | Size: 3 cup=3C:19@29.90, 6 cup=6C:11@36.90, 9 cup=9C:0@44.90
BRW-KAL-WAV-185 | Kalita Wave 185 Dripper Stainless Steel | 32 | 6
BRW-CLV-DRP-L | Clever Coffee Dripper Large | 23.50 | 17
BRW-HAR-MZD-1L | Hario Mizudashi Cold Brew Pot 1 L | 24.90 | 0
BRW-HAR-TCA-3 | Hario Technica Syphon 3-Cup | 89 | 2`,
  grinders: `
GRD-BAR-ENC | Baratza Encore Conical Burr Grinder | 169 | Colour: Black=BLK:5, White=WHT:1
GRD-COM-C40 | Comandante C40 MK4 Hand Grinder | 279 | Colour: Nitro Blade Black=BLK:0, Ironwood=IRW:3, Amber Glass=AMB:2
GRD-HAR-SKP | Hario Skerton Pro Hand Grinder | 59 | 21
GRD-TIM-C2 | Timemore Chestnut C2 Hand Grinder | 79 | 0
GRD-WIL-UNI | Wilfa Uniform Coffee Grinder | 299 | 4
GRD-FEL-OD2 | Fellow Ode Brew Grinder Gen 2 | 345 | 7`,
  mugs: `
MUG-STW-350 | Stoneware Mug 350 ml | 18 | Colour: Sand=SND:24, Slate=SLT:8, Sage=SAG:0, Rust=RST:15
MUG-DWG-80 | Double-Wall Espresso Glass 80 ml | 16 | Pack: Set of 2=2PK:0@16, Set of 4=4PK:0@29
MUG-KEE-BRW-12 | KeepCup Brew Cork Edition 12 oz | 32 | Colour: Clear=CLR:9, Nitro=NIT:0, Black=BLK:6
MUG-ACM-FW-150 | Acme Flat White Cup & Saucer 150 ml | 21 | 36
MUG-LOV-RMN-300 | Loveramics Roman Latte Mug 300 ml | 19.50 | 0
MUG-ENA-CMP | Enamel Camp Mug 350 ml | 14 | Colour: Cream=CRM:11, Forest=FOR:4, Navy=NVY:20
MUG-HAR-TST-4 | Hario Tasting Cups Set of 4 | 26 | 5
MUG-TRV-INS-470 | Insulated Travel Tumbler 470 ml | 34 | Colour: Black=BLK:0, Stone=STN:7, Ocean Blue=OCN:13`,
  accessories: `
ACC-HAR-FLT-02-100 | Hario V60 Paper Filters 02 (100 pack) | 6.50 | 210
ACC-CHE-FLT-SQ-100 | Chemex Bonded Filters Square (100 pack) | 12.90 | 75
ACC-ACA-PRL | Acaia Pearl Coffee Scale | 179 | Colour: Black=BLK:3, White=WHT:0
ACC-HAR-SCL-V60 | Hario V60 Drip Scale | 49 | 12
ACC-TMP-58-SS | Espresso Tamper 58 mm Stainless Steel | 35 | 9
ACC-KNK-BOX-WAL | Espresso Knock Box Walnut | 44 | 0
ACC-CAF-CLN-500G | Cafiza Espresso Machine Cleaner 500 g | 15.90 | 48
ACC-DSC-LIQ-1L | Descaling Liquid 1 L | 12.50 | 31
ACC-MLK-JUG | Milk Frothing Jug | 19 | Size: 350 ml=350:14@19, 600 ml=600:6@23, 1 L=1L:0@27
ACC-BRU-GRD | Grinder Cleaning Brush | 7.50 | 60
ACC-AIR-CAN | Airscape Coffee Canister | 27 | Size: Small=S:8@27, Medium=M:0@32, Large=L:4@39
ACC-GFT-CRD-50 | Digital Gift Card $50 | 50 | 0
ACC-THM-MLK | Milk Thermometer | 11.90 | 2
ACC-BRW-STD-OAK | Pour-Over Brewing Stand Oak | 64 | 1
ACC-CUP-SLV-100 | Compostable Cup Sleeves (100 pack) | 9.90 | 0`,
};

/** Products that are not plain "available, tracked" items. */
const EXTRAS: Record<string, Partial<ProductSpec>> = {
  'BRW-FEL-EKG': { inventory_warning_level: 3 },
  'GRD-BAR-ENC': { inventory_warning_level: 2 },
  'GRD-TIM-C2': {
    availability: 'preorder',
    preorder_message: 'Back in stock soon: ships from %%DATE%%',
    preorder_release_date: '2027-01-15T00:00:00+00:00',
  },
  'MUG-DWG-80': { inventory_tracking: 'product', inventory_level: 42 },
  'ACC-KNK-BOX-WAL': { availability: 'disabled', availability_description: 'Discontinued by the maker' },
  'ACC-GFT-CRD-50': { type: 'digital', inventory_tracking: 'none', weight: 0 },
  'ACC-CUP-SLV-100': { inventory_tracking: 'none' },
};

function parseOption(sku: string, price: number, text: string): NonNullable<ProductSpec['option']> {
  const [name = 'Option', list = ''] = text.split(/:\s+(.*)/s);
  const values = list.split(/,\s*/).map((item) => {
    const [label = '', rest = ''] = item.split('=');
    const [suffix = '', stock = '0', own] = rest.split(/[:@]/);
    return {
      label: label.trim(),
      sku: `${sku}-${suffix}`,
      level: Number(stock),
      price: own ? Number(own) : price,
    };
  });
  return { name, values };
}

/** The demo catalog as product specs, in id order. */
export function demoProductSpecs(): ProductSpec[] {
  const specs: ProductSpec[] = [];
  let day = 0;
  for (const [category, block] of Object.entries(CATALOG) as Array<[Category, string]>) {
    for (const line of block.trim().split('\n')) {
      const [sku = '', name = '', priceText = '0', stockOrOption = '0'] = line
        .split('|')
        .map((part) => part.trim());
      const price = Number(priceText);
      day += 1;
      const spec: ProductSpec = {
        sku,
        name,
        price,
        categories: [CATEGORIES[category]],
        inventory_warning_level: 3,
        dateCreated: new Date(Date.UTC(2025, 5, 1 + day, 9, 30)).toISOString(),
      };
      if (/^\d+$/.test(stockOrOption)) spec.inventory_level = Number(stockOrOption);
      else spec.option = parseOption(sku, price, stockOrOption);
      specs.push({ ...spec, ...EXTRAS[sku] });
    }
  }
  return specs;
}
