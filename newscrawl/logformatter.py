"""Log lines a scheduled crawl's operator can read: one short line per dropped item."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import logformatter
from scrapy.http import Response
from twisted.python.failure import Failure


class NewsLogFormatter(logformatter.LogFormatter):
    """Like Scrapy's, but a dropped article logs its URL and reason, not its whole body."""

    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Any) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
        result["msg"] = "Dropped %(url)s: %(exception)s"
        result["args"] = {"url": url, "exception": exception}
        return result

    def scraped(self, item: Any, response: Response | Failure | None, spider: Any) -> logformatter.LogFormatterResult:
        url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s", "args": {"url": url}}
