"""The ``count_cells`` tag writes the cells the ``_counts.html`` include wrote before it (the include's source is
kept here): same HTML, byte for byte, for random counts, zero cells, drill-down filters with characters to
escape, and the three populations."""

import random

import pytest
from django.template import Context, Template

from dangbo.reviews import stats
from dangbo.reviews.stats import Counts
from dangbo.reviews.views.stats import LEVEL_COLUMNS

INCLUDE = (
    '{% load vi %}{% url \'reviews:stats_people\' as people_url %}{% with href=people_url|add:"?"|add:query'
    '|add:"&population="|add:pop|add:extra %}\n'
    '<td class="num" data-label="Trong danh sách">{% if c.listed %}<a href="{{ href }}&level=all">'
    '{{ c.listed|vn_int }}</a>{% else %}0{% endif %}</td>\n'
    '<td class="num" data-label="Không xếp loại">{% if c.excluded_total %}<a href="{{ href }}&level=excluded">'
    '{{ c.excluded_total|vn_int }}</a>{% else %}0{% endif %}</td>\n'
    '<td class="num" data-label="Chưa có kết quả">{% if c.undecided %}<a href="{{ href }}&level=undecided">'
    '{{ c.undecided|vn_int }}</a>{% else %}0{% endif %}</td>\n'
    '<td class="num" data-label="Đã xếp loại">{% if c.decided %}<a href="{{ href }}&level=decided">'
    '{{ c.decided|vn_int }}</a>{% else %}0{% endif %}</td>\n'
    '{% for code, short, label in levels %}{% with n=c.levels|get_item:code %}\n'
    '<td class="num" data-label="{{ short }}">{% if n %}<a href="{{ href }}&level={{ code }}">{{ n|vn_int }}</a>'
    '{% else %}0{% endif %}</td>\n'
    '<td class="num muted" data-label="{{ short }} (%)">{% vn_pct n c.decided %}</td>{% endwith %}{% endfor %}\n'
    '<td class="num" data-label="HTT trở lên">{% if c.good_or_above %}<a href="{{ href }}&level=good_or_above">'
    '<b>{{ c.good_or_above|vn_int }}</b></a>{% else %}0{% endif %}</td>\n'
    '<td class="num" data-label="HTT trở lên (%)"><b>{% vn_pct c.good_or_above c.decided %}</b></td>\n'
    '<td class="num" data-label="HTXSNV / HTT trở lên (%)">{% vn_pct c.excellent c.good_or_above %}</td>\n'
    '{% endwith %}\n'
)


@pytest.mark.parametrize("seed", range(6))
def test_the_tag_writes_what_the_include_wrote(seed):
    rng = random.Random(seed)
    include = Template(INCLUDE)
    tag = Template("{% load review_stats %}{% count_cells c query pop extra %}")
    for _ in range(20):
        c = Counts([rng.choice([0, 0, 1, 7, 1234, 98765]) for _ in stats.STATES])
        context = {"c": c, "query": rng.choice(["org=12&year=2025", "org=7&year=2023"]),
                   "pop": rng.choice(stats.POPULATIONS), "levels": LEVEL_COLUMNS,
                   "extra": rng.choice(["", "&own=1", "&child=42", "&kind_group=Khu dân cư <\"A&B\">",
                                        "&category=huu_tri", "&kind=dn_tu_nhan"])}
        assert tag.render(Context(context)) == include.render(Context(context))
