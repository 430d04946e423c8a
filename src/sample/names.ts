import type { Random } from '../core/random.ts';

/**
 * Vietnamese name material for synthetic data. Unit names are two Sino-Vietnamese syllables in the style
 * of commune names (Đông Hòa, Tân Lập); person names are họ + tên đệm + tên, with surname frequencies
 * roughly as in national surveys (Nguyễn ~38%, Trần ~11%, Lê ~9.5%, Phạm ~7%…).
 */

const UNIT_FIRST = [
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Tân',
  'Phú',
  'An',
  'Bình',
  'Thanh',
  'Minh',
  'Hưng',
  'Phúc',
  'Long',
  'Quang',
  'Văn',
  'Kim',
  'Ngọc',
  'Hồng',
  'Vĩnh',
  'Thịnh',
  'Đại',
  'Trung',
  'Yên',
  'Mỹ',
  'Thái',
  'Thượng',
  'Đức',
  'Gia',
  'Xuân',
  'Thuận',
  'Cẩm',
  'Liên',
  'Quảng',
  'Hoài',
  'Cao',
  'Song',
  'Tiên',
  'Lạc',
] as const;

const UNIT_SECOND = [
  'Hòa',
  'Lập',
  'An',
  'Bình',
  'Thành',
  'Phú',
  'Lộc',
  'Thịnh',
  'Hưng',
  'Sơn',
  'Lâm',
  'Hà',
  'Giang',
  'Xuân',
  'Đồng',
  'Mỹ',
  'Châu',
  'Khê',
  'Tiến',
  'Vinh',
  'Phong',
  'Cường',
  'Quang',
  'Minh',
  'Nghĩa',
  'Trung',
  'Đức',
  'Hiệp',
  'Lương',
  'Yên',
  'Tảo',
  'Phương',
  'Định',
  'Thọ',
  'Tín',
  'Hải',
] as const;

/** `count` distinct two-syllable unit names (no repeated syllable inside a name), NFC. */
export function unitNames(rng: Random, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const capacity = UNIT_FIRST.length * UNIT_SECOND.length;
  if (count > capacity / 2) throw new RangeError(`at most ${Math.floor(capacity / 2)} unit names`);
  while (out.length < count) {
    const first = rng.pick(UNIT_FIRST);
    const second = rng.pick(UNIT_SECOND);
    if (first === second) continue;
    const name = `${first} ${second}`.normalize('NFC');
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}

// Weights in percent of the population (approximate, for plausibility only).
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Vũ', 4],
  ['Phan', 3],
  ['Đỗ', 3],
  ['Bùi', 3],
  ['Đặng', 2],
  ['Ngô', 1.5],
  ['Dương', 1.2],
  ['Đào', 1],
  ['Đinh', 1],
  ['Lý', 0.8],
  ['Trịnh', 0.8],
  ['Lương', 0.6],
  ['Mai', 0.6],
  ['Tạ', 0.5],
  ['Hà', 0.5],
  ['Chu', 0.4],
  ['Kiều', 0.3],
  ['Khuất', 0.2],
];
const SURNAME_WEIGHTS = SURNAMES.map(([, w]) => w);

const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Phương', 'Hồng', 'Minh', 'Thùy', 'Bích'];
const MIDDLE_MALE = ['Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thành', 'Tuấn', 'Mạnh', 'Xuân'];
const GIVEN_FEMALE = [
  'Anh',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Hà',
  'Trang',
  'Thảo',
  'Hạnh',
  'Ngọc',
  'Nhung',
  'Hoa',
  'Huyền',
  'Phương',
  'Thủy',
  'Yến',
  'Giang',
  'Vân',
  'Hằng',
  'Loan',
  'Dung',
  'Quỳnh',
];
const GIVEN_MALE = [
  'Anh',
  'Hùng',
  'Dũng',
  'Tuấn',
  'Nam',
  'Hải',
  'Long',
  'Sơn',
  'Thắng',
  'Trung',
  'Cường',
  'Hiếu',
  'Khánh',
  'Phong',
  'Quân',
  'Đạt',
  'Huy',
  'Bình',
  'Việt',
  'Tùng',
  'Đức',
  'Thành',
];

/** A full Vietnamese name (họ tên đệm tên), NFC; about 60% women, as in public administration front offices. */
export function personName(rng: Random): string {
  const surname = SURNAMES[rng.weightedIndex(SURNAME_WEIGHTS)]![0];
  const female = rng.uniform() < 0.6;
  const middle = rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE);
  let given = rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE);
  if (given === middle) given = rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE);
  return `${surname} ${middle} ${given}`.normalize('NFC');
}
