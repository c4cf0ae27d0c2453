"""Strings of the store switch (IPDASH_STORE): what the page says when the database cannot be used."""

STRINGS = {
    "error.store": {
        "zh": "无法连接数据库，页面暂不能显示数据。请管理员按下面的说明检查（主机、端口、IPDASH_STORE 设置）后刷新：",
        "en": "The database cannot be reached, so the page cannot show data. An administrator should check "
        "the following (host, port, the IPDASH_STORE setting), then reload:",
    },
}
