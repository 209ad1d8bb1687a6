/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "true" in `vite build --mode devtools` (.env.devtools): the build keeps the dev pages. */
  readonly VITE_DEV_TOOLS?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
