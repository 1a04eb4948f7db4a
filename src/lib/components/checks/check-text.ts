/** A share or rate as the check pages print it: three decimals, or a dash when there is none. */
export const shareText = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(3));
