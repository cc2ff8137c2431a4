/** The Defender service that produces a table, for `metadata.product.name`. */
export function productOf(table: string): string {
  if (table.startsWith('Device')) return 'Microsoft Defender for Endpoint';
  if (table.startsWith('Email') || table === 'UrlClickEvents') return 'Microsoft Defender for Office 365';
  if (table.startsWith('Identity')) return 'Microsoft Defender for Identity';
  if (table === 'CloudAppEvents') return 'Microsoft Defender for Cloud Apps';
  return 'Microsoft Defender XDR';
}
