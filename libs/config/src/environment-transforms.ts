/** class-transformer: a comma-separated variable becomes a trimmed list without empty items. */
export const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;
