/** The last lines of every notification email: where to choose what comes by email. */
export function emailFooter(publicUrl: string): string {
  return `You get this email because of your notification settings. Choose what comes by email: ${publicUrl}/settings#notifications`;
}
