// Package display serves the hall's screens as web pages: the hall board (/board), the
// small display above each window (/board/window/{n}) and the ticket's tracking page
// for phones (/t/{id}), with their scripts, styles, the CJK web font and the voice clips.
//
// The pages are plain HTML, CSS and JavaScript embedded in the binary: no build step and
// nothing fetched from outside the server. They read the state once from the public API
// (/api/v1/queue, /api/v1/tickets/{id}, /api/v1/catalog), then follow the websocket
// stream, resuming after the last seq they saw when the connection comes back, so a
// screen misses nothing and speaks nothing twice.
//
// The board speaks each call from the clips in assets/voice (Mandarin, or Cantonese
// with ?voice=yue): voice.js decodes them all into the page's memory when the board
// opens and schedules each announcement, a chime and the sentence once, on the audio
// clock right after the one before, so calls keep pace and a server drop cuts nothing.
//
// Every static URL carries the build version (a hash of the embedded files), so files
// are cached for a year and a page that learns of a new version after reconnecting
// (GET /board/version) reloads itself to pick up the upgrade.
package display
