/**
 * Whether this build carries the development pages (dev sign-in, dev mailbox). A compile-time
 * constant: in a production build what it guards (links to those pages) is removed. The route
 * list in router.tsx spells the same condition out itself; see the comment there.
 */
export const devToolsIncluded: boolean = import.meta.env.DEV || import.meta.env.VITE_DEV_TOOLS === 'true';
