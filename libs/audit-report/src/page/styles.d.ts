// esbuild bundles the page's style sheet from this import into the report's <style>.
declare module '*.css';
