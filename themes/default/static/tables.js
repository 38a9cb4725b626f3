/* gongkai tables: sorting for every data table, and the filters of the items index. ES5, no
 * framework. Without it the tables read in their published order, and the filters are plain
 * links to pre-rendered pages (items/status/…, items/category/…, offices/…, overdue/).
 */
(function (win, doc) {
  'use strict';
  if (!doc || !doc.querySelectorAll || !win.addEventListener) {
    return;
  }

  function text(node) {
    return (node.textContent || '').replace(/\s+/g, ' ').replace(/^ | $/g, '');
  }

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) {
      fn(list[i], i);
    }
  }

  /* ---- sorting ---- */

  var NUMBER = /^-?[\d,]+(\.\d+)?%?$/;

  function key(cell) {
    if (!cell) {
      return '';
    }
    var k = cell.getAttribute('data-sort');
    return k === null ? text(cell) : k;
  }

  function compare(a, b) {
    var na = NUMBER.test(a);
    var nb = NUMBER.test(b);
    if (na && nb) {
      return parseFloat(a.replace(/,/g, '')) - parseFloat(b.replace(/,/g, ''));
    }
    if (na !== nb) {
      return na ? -1 : 1;
    }
    if (a === b) {
      return 0;
    }
    if (a.localeCompare) {
      return a.localeCompare(b, 'zh-CN');
    }
    return a < b ? -1 : 1;
  }

  function sortable(table) {
    var body = table.tBodies[0];
    var head = table.tHead;
    if (!body || !head || body.rows.length < 2 || !head.rows.length) {
      return;
    }
    var original = [];
    each(body.rows, function (row, i) {
      original.push(row);
      row.setAttribute('data-order', i);
    });
    var headers = head.rows[0].cells;
    each(headers, function (th, column) {
      var button = doc.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      var hint = doc.createElement('span');
      hint.className = 'sort-hint';
      hint.setAttribute('aria-hidden', 'true');
      button.appendChild(hint);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        var rows = [];
        each(body.rows, function (row) {
          rows.push(row);
        });
        rows.sort(function (a, b) {
          var c = compare(key(a.cells[column]), key(b.cells[column]));
          if (!ascending) {
            c = -c;
          }
          return c || (a.getAttribute('data-order') - b.getAttribute('data-order'));
        });
        each(rows, function (row) {
          body.appendChild(row);
        });
        each(headers, function (other) {
          if (other !== th) {
            other.removeAttribute('aria-sort');
          }
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      });
    });
  }

  /* ---- filters of the items index ---- */

  var FIELDS = ['status', 'category', 'office', 'source'];
  var LABELS = { status: '状态', category: '类别', office: '科室', source: '来源' };

  function parseQuery(search) {
    var state = {};
    each(String(search || '').replace(/^\?/, '').split('&'), function (part) {
      var kv = part.split('=');
      if (kv.length === 2 && kv[1]) {
        try {
          state[kv[0]] = decodeURIComponent(kv[1].replace(/\+/g, ' '));
        } catch (e) {
          /* a malformed parameter is ignored */
        }
      }
    });
    return state;
  }

  function queryString(state) {
    var parts = [];
    each(FIELDS.concat(['overdue']), function (f) {
      if (state[f]) {
        parts.push(f + '=' + encodeURIComponent(state[f]));
      }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function filters(nav) {
    var rows = doc.querySelectorAll('main tr[data-status]');
    var controls = doc.createElement('div');
    controls.className = 'filter-controls';
    var selects = {};
    each(FIELDS, function (field) {
      var group = nav.querySelector('[data-filter="' + field + '"]');
      if (!group) {
        return;
      }
      var id = 'filter-' + field;
      var label = doc.createElement('label');
      label.setAttribute('for', id);
      label.textContent = LABELS[field];
      var select = doc.createElement('select');
      select.id = id;
      var all = doc.createElement('option');
      all.value = '';
      all.textContent = '全部';
      select.appendChild(all);
      each(group.querySelectorAll('[data-value]'), function (link) {
        var option = doc.createElement('option');
        option.value = link.getAttribute('data-value');
        option.textContent = text(link);
        select.appendChild(option);
      });
      var wrap = doc.createElement('span');
      wrap.className = 'filter-control';
      wrap.appendChild(label);
      wrap.appendChild(select);
      controls.appendChild(wrap);
      selects[field] = select;
      group.hidden = true;
    });
    var overdueGroup = nav.querySelector('[data-filter="overdue"]');
    var overdue = doc.createElement('input');
    overdue.type = 'checkbox';
    overdue.id = 'filter-overdue';
    var overdueLabel = doc.createElement('label');
    overdueLabel.setAttribute('for', 'filter-overdue');
    overdueLabel.textContent = '只看逾期';
    var overdueWrap = doc.createElement('span');
    overdueWrap.className = 'filter-control';
    overdueWrap.appendChild(overdue);
    overdueWrap.appendChild(overdueLabel);
    controls.appendChild(overdueWrap);
    if (overdueGroup) {
      overdueGroup.hidden = true;
    }
    var count = doc.createElement('p');
    count.className = 'filter-count';
    count.setAttribute('role', 'status');
    nav.appendChild(controls);
    nav.appendChild(count);

    function apply(state) {
      var shown = 0;
      each(FIELDS, function (f) {
        if (selects[f]) {
          selects[f].value = state[f] || '';
          if (selects[f].value !== (state[f] || '')) {
            state[f] = '';
          }
        }
      });
      overdue.checked = state.overdue === '1';
      each(rows, function (row) {
        var keep = true;
        each(FIELDS, function (f) {
          if (state[f] && row.getAttribute('data-' + f) !== state[f]) {
            keep = false;
          }
        });
        if (state.overdue === '1' && row.getAttribute('data-overdue') !== '1') {
          keep = false;
        }
        row.hidden = !keep;
        if (keep) {
          shown++;
        }
      });
      count.textContent = '显示 ' + shown + ' / ' + rows.length + ' 项';
    }

    function changed() {
      var state = {};
      each(FIELDS, function (f) {
        if (selects[f] && selects[f].value) {
          state[f] = selects[f].value;
        }
      });
      if (overdue.checked) {
        state.overdue = '1';
      }
      var url = queryString(state) || win.location.pathname;
      try {
        win.history.pushState(state, '', url);
      } catch (e) {
        /* a page opened from disk may refuse: the filter still applies */
      }
      apply(state);
    }

    each(FIELDS, function (f) {
      if (selects[f]) {
        selects[f].addEventListener('change', changed);
      }
    });
    overdue.addEventListener('change', changed);
    win.addEventListener('popstate', function () {
      apply(parseQuery(win.location.search));
    });
    apply(parseQuery(win.location.search));
  }

  function start() {
    each(doc.querySelectorAll('table.data-table'), sortable);
    var nav = doc.querySelector('nav[data-enhance="items"]');
    if (nav) {
      filters(nav);
    }
  }

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}(typeof window !== 'undefined' ? window : null, typeof document !== 'undefined' ? document : null));
