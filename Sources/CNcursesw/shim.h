#ifndef RETOMA_CNCURSESW_SHIM_H
#define RETOMA_CNCURSESW_SHIM_H

/* The wide-character API (get_wch, cchar_t, setcchar) only exists with these defined first. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <wchar.h>
#include <locale.h>
#if __has_include(<ncursesw/curses.h>)   /* Debian/Ubuntu: libncurses-dev */
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#else
#include <curses.h>
#include <term.h>
#endif

/* Globals and function-like macros that Swift cannot import (or rejects as unsafe globals). */

static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline int shim_lines(void) { return LINES; }
static inline int shim_cols(void) { return COLS; }
static inline int shim_colors(void) { return COLORS; }
static inline int shim_color_pairs(void) { return COLOR_PAIRS; }

static inline int shim_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int shim_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

static inline attr_t shim_a_normal(void) { return A_NORMAL; }
static inline attr_t shim_a_bold(void) { return A_BOLD; }
static inline attr_t shim_a_dim(void) { return A_DIM; }
static inline attr_t shim_a_reverse(void) { return A_REVERSE; }
static inline attr_t shim_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shim_a_italic(void) { return A_ITALIC; }

static inline int shim_key_f(int n) { return KEY_F(n); }

static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }

/* One cell: up to CCHARW_MAX wide characters (a spacing one plus combining marks). */
static inline int shim_cchar_max(void) { return CCHARW_MAX; }
static inline int shim_put_cell(WINDOW *w, int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

/* Mouse */
static inline mmask_t shim_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t shim_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t shim_button1_released(void) { return BUTTON1_RELEASED; }

/* Checks that the terminal named by TERM exists and can address the cursor, without the
   exit() that initscr performs on failure. Returns NULL when usable, else a reason. */
static inline const char *shim_check_terminal(void) {
    int status = 0;
    if (setupterm(NULL, 1, &status) != OK) {
        return status == -1 ? "the terminfo database was not found" : "the terminal type (TERM) is unknown";
    }
    const char *cup = tigetstr("cup");
    const char *problem = (cup == NULL || cup == (char *)-1) ? "the terminal cannot move the cursor" : NULL;
    del_curterm(cur_term);
    return problem;
}

#endif
