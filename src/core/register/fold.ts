/**
 * The comparison key of a header, a value or a name in a register import: Vietnamese diacritics removed
 * (NFD marks, đ → d), lower case, and every space, punctuation or underscore dropped — so `Mã hồ sơ`,
 * `MA HO SO` and `ma_ho_so` are one key.
 * @example foldKey('Ngày  tiếp nhận') // 'ngaytiepnhan'
 */
export function foldKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Prefixes a one-stop export may put before a unit's name (`UBND phường …`, `Điểm phục vụ HCC xã …`). */
const NAME_PREFIXES = [
  'uybannhandan',
  'ubnd',
  'diemphucvuhanhchinhcong',
  'diemphucvuhcc',
  'diemphucvu',
  'trungtamphucvuhanhchinhcong',
];

/**
 * The key of a unit's name: `foldKey` without an administrative prefix nor `phường` / `xã`, so that
 * `UBND phường Hoàn Kiếm`, `Phường Hoàn Kiếm` and `Hoàn Kiếm` match one point.
 */
export function unitNameKey(name: string): string {
  let k = foldKey(name);
  for (const p of NAME_PREFIXES)
    if (k.startsWith(p) && k.length > p.length) {
      k = k.slice(p.length);
      break;
    }
  for (const p of ['phuong', 'xa']) if (k.startsWith(p) && k.length > p.length) return k.slice(p.length);
  return k;
}
