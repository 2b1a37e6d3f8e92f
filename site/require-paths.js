// Loaded after require.js and before the widget manager (embed-amd.js). Each module the manager
// defines (@jupyter-widgets/controls, .../html-manager/dist/libembed-amd, ...) looks for its icon
// fonts beside itself, at a path require.js would resolve from the page's own folder: point those
// paths at the folder this script is served from, where site/build.py puts the manager and its
// fonts. A widget module the manager lacks is then looked for there too, never on a CDN.
(function () {
  var folder = document.currentScript.src.replace(/\/[^\/]*$/, "");
  window.requirejs.config({
    paths: { "@jupyter-widgets": folder, "@jupyter-widgets/html-manager/dist": folder },
  });
})();
