// Where the page's modules are, for the tests: the files the browser loads, as they are.
export const PAGE = new URL('../../main/resources/META-INF/resources/integrations/', import.meta.url);
