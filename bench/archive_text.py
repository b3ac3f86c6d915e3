"""The text model of the generated archive: Vietnamese metadata and bodies of a ward's documents.

A document is composed from phrase banks of ward administration, one topic per document (cải
cách hành chính, đất đai, xây dựng, hộ tịch, an sinh xã hội, y tế, giáo dục, thuế, phòng cháy,
môi trường, quốc phòng - an ninh, văn hóa, chuyển đổi số): its type and số/ký hiệu as they are
really written ("123/UBND-VP", "45/QĐ-UBND", "12/KH-UBND", "234/SXD-QLXD"), a trích yếu, and a
body of a công văn, quyết định, kế hoạch… of realistic length (300–1 500 words: legal grounds,
numbered sections of sentences built from the topic's subjects, actions and objects, names,
addresses, land parcels, sums and dates, a closing formula).

Everything is a pure function of a seed and a key (`compose(seed, key, …)`), so a document's
body can be made again from its id without being stored: the bulk generator puts bodies into a
pool of PDFs, and a search benchmark can regenerate the body of any generated document.
Composing the metadata costs ~10 µs; a body ~0.1–0.4 ms (see `python -m bench.archive_text`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass

# -- people and places


FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đào",
    "Lương",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Mạnh", "Quốc"]
MIDDLE_F = ["Thị", "Thu", "Thanh", "Ngọc", "Thùy", "Minh", "Hồng", "Kim", "Phương", "Diệu"]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Nam",
    "Long",
    "Sơn",
    "Thắng",
    "Khánh",
    "Cường",
    "Hải",
    "Phong",
    "Quyết",
    "Toàn",
    "Việt",
    "Đạt",
    "Hiếu",
    "Trung",
    "Bình",
    "Lâm",
    "Tùng",
]
GIVEN_F = [
    "Mai",
    "Lan",
    "Hương",
    "Hà",
    "Linh",
    "Trang",
    "Nhung",
    "Thảo",
    "Hằng",
    "Yến",
    "Ngân",
    "Dung",
    "Huyền",
    "Oanh",
    "Loan",
    "Vân",
    "Giang",
    "Thủy",
    "Nga",
    "Liên",
]
STREETS = [
    "Nguyễn Văn Cừ",
    "Ngọc Lâm",
    "Gia Thụy",
    "Nguyễn Sơn",
    "Hoàng Như Tiếp",
    "Phúc Đồng",
    "Vũ Xuân Thiều",
    "Ngô Gia Tự",
    "Cổ Linh",
    "Ngọc Thụy",
    "Lâm Du",
    "Đoàn Khuê",
    "Hồng Tiến",
    "Đức Giang",
    "Nguyễn Cao Luyện",
    "Bồ Đề",
    "Long Biên 2",
    "Thạch Bàn",
    "Sài Đồng",
    "Phan Văn Đáng",
]
PLACES = [
    "Hội trường UBND phường",
    "Nhà văn hóa tổ dân phố số {k}",
    "Trường Tiểu học Gia Thụy",
    "Trường THCS Gia Thụy",
    "Trạm Y tế phường",
    "Chợ Gia Lâm",
    "khu tập thể Gia Thụy",
    "khu đô thị Việt Hưng",
    "công viên Gia Thụy",
    "bãi đất trống ven đê",
]


# -- documents: types, their ký hiệu, who issues them


@dataclass(frozen=True)
class DocType:
    """A document type: its name, the abbreviation in ký hiệu ("" for công văn), its weight."""

    name: str
    abbr: str
    weight: int
    lead: str  # how the trích yếu starts ("V/v", "Về việc", …), "" for none


DOC_TYPES = [
    DocType("Công văn", "", 42, "V/v"),
    DocType("Giấy mời", "GM", 12, "Dự"),
    DocType("Kế hoạch", "KH", 10, ""),
    DocType("Quyết định", "QĐ", 10, "Về việc"),
    DocType("Thông báo", "TB", 8, ""),
    DocType("Báo cáo", "BC", 6, ""),
    DocType("Hướng dẫn", "HD", 4, ""),
    DocType("Tờ trình", "TTr", 3, "Về việc"),
    DocType("Chỉ thị", "CT", 2, "Về"),
    DocType("Công điện", "CĐ", 1, "Về"),
    DocType("Biên bản", "BB", 2, ""),
]
# Rooms of the issuing bodies, used in the ký hiệu of a công văn: "234/SXD-QLXD".
ROOMS = {
    "UBND": ["VP", "KT", "ĐT", "NC", "KGVX", "TH"],
    "SNV": ["CCHC", "TCBC", "XDCQ"],
    "STC": ["QLNS", "TCHCSN", "QLG"],
    "SXD": ["QLXD", "QLN", "TTr", "KTQH"],
    "SNNMT": ["QLĐĐ", "MT", "TNN"],
    "STP": ["HCTP", "PBGDPL", "VBQP"],
    "SVHTT": ["QLVH", "TDTT", "XDNSVH"],
    "SYT": ["NVY", "YTDP", "KHTC"],
    "CAHN": ["PV01", "PC06", "PC07", "PC08"],
    "BHXH": ["QLT", "CĐBHXH", "GĐBHYT"],
    "THN": ["TTHT", "QLN", "KK"],
    "MTTQ": ["BTT"],
}
QUARTERS = ["quý I", "quý II", "quý III", "quý IV", "6 tháng đầu", "9 tháng đầu"]


@dataclass(frozen=True)
class Topic:
    """A field of the ward's work: its trích yếu, and the phrases its bodies are made of."""

    key: str
    name: str
    summaries: tuple[str, ...]  # formatted with the fields of `_fields`
    subjects: tuple[str, ...]  # who acts
    actions: tuple[str, ...]  # what they do (verb phrases)
    objects: tuple[str, ...]  # on what
    facts: tuple[str, ...]  # sentences of a situation or a figure
    laws: tuple[str, ...]  # legal grounds


COMMON_SUBJECTS = (
    "UBND phường",
    "Văn phòng - Thống kê phường",
    "các tổ dân phố",
    "Ban Chỉ đạo phường",
    "Công an phường",
    "Ủy ban MTTQ Việt Nam phường và các đoàn thể",
    "các đơn vị, cá nhân có liên quan",
    "Trưởng các tổ dân phố",
    "Tổ công tác liên ngành",
)
COMMON_ACTIONS = (
    "chủ động phối hợp triển khai",
    "tăng cường kiểm tra, giám sát việc thực hiện",
    "tổng hợp, báo cáo kết quả về UBND phường",
    "tuyên truyền, vận động nhân dân thực hiện nghiêm",
    "rà soát, đánh giá tình hình thực hiện",
    "kịp thời đề xuất giải pháp tháo gỡ khó khăn, vướng mắc trong",
    "xây dựng kế hoạch cụ thể để tổ chức thực hiện",
    "phân công cán bộ theo dõi, đôn đốc",
)
TOPICS = [
    Topic(
        "cchc",
        "cải cách hành chính",
        (
            "báo cáo kết quả thực hiện cải cách hành chính {q} năm {y}",
            "triển khai dịch vụ công trực tuyến toàn trình trên địa bàn phường",
            "kế hoạch cải cách hành chính nhà nước năm {y1}",
            "kiểm tra công tác cải cách hành chính và kiểm soát thủ tục hành chính năm {y}",
            "nâng cao chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
            "rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của UBND phường",
        ),
        ("Bộ phận Một cửa phường", "công chức tiếp nhận hồ sơ", "Tổ kiểm soát thủ tục hành chính"),
        (
            "niêm yết công khai",
            "số hóa hồ sơ, kết quả giải quyết",
            "tiếp nhận và trả kết quả đúng hạn",
            "cập nhật đầy đủ lên Hệ thống thông tin giải quyết thủ tục hành chính",
        ),
        (
            "thủ tục hành chính",
            "hồ sơ trực tuyến",
            "dịch vụ công trực tuyến toàn trình",
            "bộ chỉ số PAR INDEX",
            "chỉ số SIPAS",
            "quy trình nội bộ giải quyết thủ tục hành chính",
        ),
        (
            "Trong kỳ, Bộ phận Một cửa phường đã tiếp nhận {n} hồ sơ, trong đó {c} hồ sơ trực "
            "tuyến, giải quyết đúng hạn đạt {p}%.",
            "Tỷ lệ hồ sơ trực tuyến toàn trình đạt {p}%, tăng so với cùng kỳ năm {y0}.",
            "Còn {k} hồ sơ quá hạn do phải xác minh nguồn gốc, đã có văn bản xin lỗi công dân.",
        ),
        (
            "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một "
            "cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
            "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
            "cải cách hành chính nhà nước giai đoạn 2021 - 2030",
        ),
    ),
    Topic(
        "datdai",
        "đất đai",
        (
            "cung cấp thông tin hồ sơ địa chính thửa đất số {n}, tờ bản đồ số {k}",
            "xác minh nguồn gốc, quá trình sử dụng đất của hộ ông {man}",
            "thu hồi đất thực hiện dự án mở rộng đường {street}",
            "giải quyết tranh chấp đất đai giữa hộ bà {woman} và hộ ông {man}",
            "kiểm tra hiện trạng sử dụng đất tại tổ dân phố số {k}",
            "cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân năm {y}",
        ),
        ("công chức Địa chính - Xây dựng", "Hội đồng tư vấn đất đai phường", "Tổ đo đạc"),
        (
            "xác minh nguồn gốc sử dụng",
            "đo đạc, lập trích lục bản đồ địa chính",
            "niêm yết công khai kết quả kiểm tra hồ sơ",
            "lập biên bản hiện trạng",
            "đối chiếu bản đồ địa chính năm 1994 và năm 2013",
        ),
        (
            "thửa đất số {n}, tờ bản đồ số {k}",
            "diện tích {a} m² đất ở",
            "hồ sơ đề nghị cấp Giấy chứng nhận",
            "ranh giới, mốc giới thửa đất",
            "phương án bồi thường, hỗ trợ và tái định cư",
            "đất công do UBND phường quản lý",
        ),
        (
            "Thửa đất có diện tích {a} m², sử dụng ổn định từ năm {y0}, không có tranh chấp.",
            "Qua kiểm tra, hộ gia đình đã xây dựng nhà cấp 4 trên phần diện tích {b} m² "
            "ngoài ranh giới được cấp.",
            "Trên địa bàn có {n} thửa đất chưa được cấp Giấy chứng nhận, chủ yếu do nguồn gốc "
            "phức tạp.",
        ),
        (
            "Luật Đất đai ngày 18 tháng 01 năm 2024",
            "Nghị định số 101/2024/NĐ-CP ngày 29/7/2024 của Chính phủ quy định về điều tra cơ "
            "bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất",
        ),
    ),
    Topic(
        "xaydung",
        "trật tự xây dựng",
        (
            "chấn chỉnh trật tự xây dựng, lấn chiếm vỉa hè trên đường {street}",
            "cấp giấy phép sửa chữa, cải tạo nhà ở tại số {n} phố {street}",
            "xử lý công trình xây dựng sai phép tại ngõ {n} đường {street}",
            "tăng cường quản lý trật tự xây dựng đô thị năm {y}",
            "kiểm tra an toàn các công trình nhà ở riêng lẻ trong mùa mưa bão",
        ),
        ("Đội Quản lý trật tự đô thị", "công chức Địa chính - Xây dựng", "Tổ kiểm tra liên ngành"),
        (
            "kiểm tra, lập biên bản vi phạm",
            "đình chỉ thi công",
            "buộc tháo dỡ phần công trình vi phạm",
            "cưỡng chế phá dỡ",
            "yêu cầu chủ đầu tư bổ sung hồ sơ",
        ),
        (
            "công trình xây dựng không phép",
            "phần diện tích xây dựng sai phép",
            "giấy phép xây dựng",
            "vật liệu xây dựng tập kết trên vỉa hè",
            "hệ thống giàn giáo, lưới che chắn",
        ),
        (
            "Công trình nhà ở riêng lẻ {f} tầng tại số {n} đường {street} xây dựng vượt {b} m² "
            "so với giấy phép.",
            "Trong tháng {m}, Đội đã kiểm tra {n} công trình, phát hiện {k} trường hợp vi phạm.",
        ),
        (
            "Luật Xây dựng ngày 18 tháng 6 năm 2014 và Luật sửa đổi, bổ sung ngày 17 tháng 6 "
            "năm 2020",
            "Nghị định số 16/2022/NĐ-CP ngày 28/01/2022 của Chính phủ quy định xử phạt vi phạm "
            "hành chính về xây dựng",
        ),
    ),
    Topic(
        "hotich",
        "hộ tịch",
        (
            "chuẩn hóa dữ liệu hộ tịch điện tử năm {y}",
            "đăng ký khai sinh, khai tử đúng hạn trên địa bàn phường",
            "cấp bản sao trích lục hộ tịch cho bà {woman}",
            "xác nhận tình trạng hôn nhân của ông {man}",
            "kiểm tra công tác đăng ký và quản lý hộ tịch {q} năm {y}",
        ),
        ("công chức Tư pháp - Hộ tịch", "Bộ phận Một cửa phường"),
        (
            "đăng ký, cập nhật",
            "số hóa sổ hộ tịch",
            "đối chiếu với Cơ sở dữ liệu quốc gia về dân cư",
            "cấp trích lục",
        ),
        (
            "sổ đăng ký khai sinh",
            "giấy xác nhận tình trạng hôn nhân",
            "dữ liệu hộ tịch từ năm 1990 đến nay",
            "trích lục khai tử",
            "hồ sơ đăng ký kết hôn",
        ),
        (
            "Năm {y0}, phường đã đăng ký khai sinh cho {n} trường hợp, khai tử {k} trường hợp, "
            "kết hôn {c} cặp.",
            "Đã số hóa {n} sổ hộ tịch, còn {k} sổ bị rách, mờ cần phục hồi.",
        ),
        (
            "Luật Hộ tịch ngày 20 tháng 11 năm 2014",
            "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số "
            "điều và biện pháp thi hành Luật Hộ tịch",
        ),
    ),
    Topic(
        "ansinh",
        "an sinh xã hội",
        (
            "rà soát hộ nghèo, hộ cận nghèo năm {y}",
            "chi trả trợ cấp xã hội hằng tháng cho đối tượng bảo trợ xã hội tháng {m}",
            "đề nghị xác nhận hồ sơ hưởng trợ cấp của ông {man}",
            "tặng quà người có công nhân dịp Tết Nguyên đán năm {y1}",
            "hỗ trợ nhà ở cho hộ gia đình có hoàn cảnh khó khăn tại tổ dân phố số {k}",
        ),
        ("công chức Văn hóa - Xã hội", "Ban giảm nghèo phường", "Hội Chữ thập đỏ phường"),
        (
            "rà soát, bình xét",
            "chi trả đầy đủ, kịp thời",
            "lập danh sách đề nghị hỗ trợ",
            "thăm hỏi, tặng quà",
        ),
        (
            "hộ nghèo, hộ cận nghèo",
            "đối tượng bảo trợ xã hội",
            "người có công với cách mạng",
            "trẻ em có hoàn cảnh đặc biệt",
            "người cao tuổi từ đủ 80 tuổi trở lên",
        ),
        (
            "Toàn phường còn {k} hộ nghèo, {n} hộ cận nghèo; kinh phí chi trả trong tháng là "
            "{money} đồng.",
            "Đã trao {n} suất quà, mỗi suất trị giá {money} đồng.",
        ),
        (
            "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp "
            "xã hội đối với đối tượng bảo trợ xã hội",
            "Pháp lệnh Ưu đãi người có công với cách mạng năm 2020",
        ),
    ),
    Topic(
        "yte",
        "y tế",
        (
            "tổ chức tiêm chủng mở rộng đợt {k} năm {y}",
            "phòng, chống dịch sốt xuất huyết trên địa bàn phường",
            "kiểm tra an toàn thực phẩm dịp Tết Nguyên đán năm {y1}",
            "triển khai Tháng hành động vì an toàn thực phẩm năm {y}",
            "vận động người dân tham gia bảo hiểm y tế hộ gia đình",
        ),
        ("Trạm Y tế phường", "Ban Chỉ đạo liên ngành an toàn thực phẩm", "cộng tác viên y tế"),
        ("phun hóa chất diệt muỗi", "giám sát ca bệnh", "kiểm tra điều kiện", "tiêm vắc xin"),
        (
            "ổ dịch sốt xuất huyết",
            "cơ sở kinh doanh dịch vụ ăn uống",
            "trẻ em dưới 1 tuổi",
            "vắc xin sởi - rubella",
            "nguồn gốc, xuất xứ thực phẩm",
        ),
        (
            "Từ đầu năm đến nay, phường ghi nhận {k} ca sốt xuất huyết, tập trung tại tổ dân phố "
            "số {f}.",
            "Đoàn kiểm tra {n} cơ sở, xử phạt {k} cơ sở với tổng số tiền {money} đồng.",
            "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt {p}%.",
        ),
        (
            "Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007",
            "Luật An toàn thực phẩm ngày 17 tháng 6 năm 2010",
        ),
    ),
    Topic(
        "giaoduc",
        "giáo dục",
        (
            "tuyển sinh vào lớp 1 và lớp 6 năm học {y}-{y1}",
            "phổ cập giáo dục, xóa mù chữ năm {y}",
            "bảo đảm an ninh trật tự khu vực cổng trường",
            "tổ chức Tết Trung thu cho thiếu nhi năm {y}",
        ),
        ("Hội đồng tuyển sinh phường", "các trường học trên địa bàn", "Hội Khuyến học phường"),
        ("điều tra, cập nhật số liệu", "tổ chức tuyển sinh", "vận động trẻ ra lớp"),
        (
            "trẻ trong độ tuổi đến trường",
            "hồ sơ phổ cập giáo dục",
            "chỉ tiêu tuyển sinh",
            "học sinh có hoàn cảnh khó khăn",
        ),
        (
            "Năm học {y0}-{y}, trên địa bàn có {n} học sinh tiểu học và {c} học sinh THCS.",
            "Đã trao {k} suất học bổng cho học sinh nghèo vượt khó.",
        ),
        ("Luật Giáo dục ngày 14 tháng 6 năm 2019",),
    ),
    Topic(
        "thue",
        "thu ngân sách",
        (
            "đôn đốc thu ngân sách nhà nước những tháng cuối năm {y}",
            "giao chỉ tiêu thu ngân sách năm {y1}",
            "quyết toán ngân sách phường năm {y0}",
            "thu thuế sử dụng đất phi nông nghiệp năm {y}",
            "quản lý thuế đối với hộ kinh doanh trên tuyến phố {street}",
        ),
        ("bộ phận Tài chính - Kế toán", "Hội đồng tư vấn thuế phường", "Đội Thuế liên phường"),
        ("đôn đốc thu nộp", "rà soát, lập bộ", "quyết toán", "công khai tình hình thu, chi"),
        (
            "hộ kinh doanh cá thể",
            "dự toán thu ngân sách",
            "khoản nợ đọng thuế",
            "thuế sử dụng đất phi nông nghiệp",
            "các khoản phí, lệ phí",
        ),
        (
            "Lũy kế đến hết tháng {m}, thu ngân sách đạt {money} đồng, bằng {p}% dự toán.",
            "Còn {n} hộ kinh doanh nợ thuế với tổng số tiền {money} đồng.",
        ),
        ("Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015", "Luật Quản lý thuế năm 2019"),
    ),
    Topic(
        "pccc",
        "phòng cháy, chữa cháy",
        (
            "tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô năm {y}",
            "kiểm tra an toàn phòng cháy, chữa cháy đối với nhà ở kết hợp kinh doanh",
            "xây dựng mô hình Điểm chữa cháy công cộng tại tổ dân phố số {k}",
            "diễn tập phương án chữa cháy và cứu nạn, cứu hộ năm {y}",
        ),
        ("Công an phường", "Đội dân phòng", "lực lượng phòng cháy và chữa cháy cơ sở"),
        (
            "kiểm tra, hướng dẫn",
            "trang bị bình chữa cháy",
            "mở lối thoát nạn thứ hai",
            "tổ chức diễn tập",
        ),
        (
            "nhà ở kết hợp sản xuất, kinh doanh",
            "phương tiện chữa cháy tại chỗ",
            "hệ thống điện sinh hoạt",
            "chung cư mini, nhà trọ",
            "lối thoát nạn, thang dây",
        ),
        (
            "Năm {y0}, trên địa bàn xảy ra {k} vụ cháy, thiệt hại ước tính {money} đồng.",
            "Đã kiểm tra {n} hộ gia đình, hướng dẫn {c} hộ mở lối thoát nạn thứ hai.",
        ),
        ("Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ ngày 29 tháng 11 năm 2024",),
    ),
    Topic(
        "moitruong",
        "môi trường",
        (
            "thu gom, vận chuyển rác thải sinh hoạt trên địa bàn phường",
            "ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới năm {y}",
            "xử lý điểm tập kết rác thải tự phát tại ngõ {n} đường {street}",
            "phân loại chất thải rắn sinh hoạt tại nguồn",
        ),
        ("Hợp tác xã vệ sinh môi trường", "Đoàn Thanh niên phường", "Hội Cựu chiến binh phường"),
        ("thu gom, vận chuyển", "xử lý nghiêm hành vi", "ra quân làm sạch", "phân loại tại nguồn"),
        (
            "rác thải sinh hoạt",
            "phế thải xây dựng",
            "điểm tập kết rác tự phát",
            "cống rãnh, mương thoát nước",
            "cây xanh đô thị",
        ),
        (
            "Mỗi ngày trên địa bàn phát sinh khoảng {k} tấn rác thải sinh hoạt.",
            "Đã ra quân xử lý {n} m³ phế thải tại {k} điểm.",
        ),
        ("Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020",),
    ),
    Topic(
        "anninh",
        "quốc phòng, an ninh",
        (
            "bảo đảm an ninh trật tự dịp Tết Nguyên đán năm {y1}",
            "tuyển chọn, gọi công dân nhập ngũ năm {y1}",
            "bảo đảm trật tự an toàn giao thông trên tuyến đường {street}",
            "tổng kết phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {y}",
            "làm sạch dữ liệu dân cư theo Đề án 06",
        ),
        ("Công an phường", "Ban Chỉ huy quân sự phường", "lực lượng bảo vệ an ninh trật tự cơ sở"),
        (
            "tuần tra, kiểm soát",
            "nắm chắc tình hình",
            "tổ chức khám sức khỏe nghĩa vụ quân sự",
            "thu thập, cập nhật",
        ),
        (
            "công dân trong độ tuổi gọi nhập ngũ",
            "tình hình an ninh trật tự",
            "dữ liệu dân cư",
            "căn cước điện tử",
            "người nước ngoài tạm trú",
        ),
        (
            "Năm {y0}, phường giao {k} công dân nhập ngũ, đạt 100% chỉ tiêu.",
            "Đã cấp {n} thẻ căn cước và kích hoạt {c} tài khoản định danh điện tử mức 2.",
        ),
        (
            "Luật Nghĩa vụ quân sự ngày 19 tháng 6 năm 2015",
            "Luật Căn cước ngày 27 tháng 11 năm 2023",
        ),
    ),
    Topic(
        "vanhoa",
        "văn hóa, thể thao",
        (
            "tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm {y}",
            "bình xét danh hiệu Gia đình văn hóa, Tổ dân phố văn hóa năm {y}",
            "quản lý hoạt động quảng cáo ngoài trời trên tuyến phố {street}",
            "tổ chức Giải chạy phường Gia Thụy năm {y}",
        ),
        ("công chức Văn hóa - Xã hội", "Ban vận động tổ dân phố", "Đài truyền thanh phường"),
        ("tuyên truyền, cổ động", "bình xét, công nhận", "tháo dỡ biển quảng cáo sai quy định"),
        (
            "danh hiệu Gia đình văn hóa",
            "hoạt động văn hóa, văn nghệ, thể dục thể thao",
            "biển hiệu, biển quảng cáo",
            "lễ hội truyền thống",
        ),
        (
            "Năm {y0}, có {n} hộ gia đình đạt danh hiệu Gia đình văn hóa, đạt {p}%.",
            "Đã tháo dỡ {k} biển quảng cáo sai quy định.",
        ),
        ("Luật Quảng cáo ngày 21 tháng 6 năm 2012",),
    ),
    Topic(
        "chuyendoiso",
        "chuyển đổi số",
        (
            "thành lập Tổ công nghệ số cộng đồng phường",
            "triển khai chữ ký số cho cán bộ, công chức phường",
            "báo cáo kết quả chuyển đổi số {q} năm {y}",
            "lập hồ sơ điện tử, lưu trữ văn bản điện tử năm {y}",
        ),
        ("Tổ công nghệ số cộng đồng", "Văn phòng - Thống kê phường", "Đoàn Thanh niên phường"),
        ("hướng dẫn người dân sử dụng", "cấp chứng thư số", "số hóa", "kết nối, chia sẻ dữ liệu"),
        (
            "ứng dụng VNeID",
            "chữ ký số chuyên dùng",
            "hệ thống quản lý văn bản và điều hành",
            "thanh toán không dùng tiền mặt",
            "văn bản điện tử",
        ),
        (
            "Tỷ lệ văn bản đi được ký số đạt {p}%; {n} hồ sơ đã được lập hồ sơ điện tử.",
            "Tổ công nghệ số đã hướng dẫn {n} lượt người dân cài đặt ứng dụng.",
        ),
        ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",),
    ),
]
TOPIC_WEIGHTS = [12, 12, 11, 8, 9, 8, 5, 7, 7, 6, 7, 5, 5]
# The topics each issuing body writes about most (suffix → topic keys).
AGENCY_TOPICS = {
    "SNV": ("cchc", "chuyendoiso"),
    "STC": ("thue",),
    "SXD": ("xaydung", "datdai"),
    "SNNMT": ("datdai", "moitruong"),
    "STP": ("hotich",),
    "SVHTT": ("vanhoa",),
    "SYT": ("yte",),
    "CAHN": ("anninh", "pccc"),
    "BHXH": ("ansinh", "yte"),
    "THN": ("thue",),
    "MTTQ": ("vanhoa", "ansinh"),
}
_BY_KEY = {t.key: t for t in TOPICS}

OPENINGS = (
    "Thực hiện {ref} của {agency} về {topic}, {subject} đề nghị các đơn vị triển khai một số nội "
    "dung sau:",
    "Căn cứ tình hình thực tế trên địa bàn, để {goal}, {subject} yêu cầu các đơn vị, cá nhân "
    "thực hiện tốt các nội dung sau:",
    "Trong thời gian qua, công tác {topic} trên địa bàn phường đã đạt được một số kết quả nhất "
    "định; tuy nhiên vẫn còn những hạn chế, tồn tại cần khắc phục.",
    "Nhằm {goal}, {agency} ban hành văn bản này để các đơn vị nghiên cứu, tổ chức thực hiện.",
)
GOALS = (
    "nâng cao hiệu lực, hiệu quả công tác {topic}",
    "bảo đảm hoàn thành các chỉ tiêu, nhiệm vụ năm {y}",
    "kịp thời chấn chỉnh những tồn tại, hạn chế trong công tác {topic}",
    "phục vụ người dân, doanh nghiệp ngày càng tốt hơn",
)
SECTIONS = (
    "Mục đích, yêu cầu",
    "Nội dung thực hiện",
    "Tình hình và kết quả thực hiện",
    "Tồn tại, hạn chế và nguyên nhân",
    "Nhiệm vụ, giải pháp trong thời gian tới",
    "Tổ chức thực hiện",
    "Kiến nghị, đề xuất",
    "Kinh phí thực hiện",
)
QUALIFIERS = (
    "theo đúng quy định của pháp luật",
    "trước ngày {d}",
    "bảo đảm công khai, minh bạch",
    "trên địa bàn tổ dân phố số {k}",
    "trong {q} năm {y}",
    "đúng tiến độ đề ra",
    "không để phát sinh điểm nóng",
    "gắn với trách nhiệm người đứng đầu",
)
CLOSINGS = (
    "Yêu cầu các đơn vị nghiêm túc triển khai thực hiện; trong quá trình thực hiện nếu có khó "
    "khăn, vướng mắc, báo cáo về UBND phường (qua Văn phòng - Thống kê) để được hướng dẫn./.",
    "Đề nghị các đơn vị quan tâm, phối hợp thực hiện./.",
    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị và cá "
    "nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    "Trên đây là báo cáo kết quả thực hiện, UBND phường báo cáo để cấp trên xem xét, chỉ đạo./.",
)


@dataclass(frozen=True)
class Composed:
    """One document's text: its type, số/ký hiệu, trích yếu and topic; the body on demand."""

    key: str
    seed: int
    topic: str
    doc_type: str
    code_number: str
    code_notation: str
    summary: str
    agency: str
    when: dt.date

    @property
    def code(self) -> str:
        """ "123/UBND-VP" as printed."""
        return f"{self.code_number}/{self.code_notation}"

    def body(self, words: int | None = None) -> list[str]:
        """The paragraphs of the body (300–1 500 words unless `words` is given)."""
        return body(self, words)


def _rng(seed: int, key: str, salt: str = "") -> random.Random:
    return random.Random(f"{seed}:{key}:{salt}")


def person(rng: random.Random, woman: bool | None = None) -> str:
    """A Vietnamese full name."""
    if woman is None:
        woman = rng.random() < 0.5
    if woman:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _money(rng: random.Random) -> str:
    value = rng.choice([1, 2, 5, 10, 25, 50, 120, 350]) * 1000 * rng.randint(100, 999)
    return f"{value:,}".replace(",", ".")


def _fields(rng: random.Random, when: dt.date) -> dict[str, object]:
    deadline = when + dt.timedelta(days=rng.choice([5, 7, 10, 15, 30]))
    return {
        "y": when.year,
        "y0": when.year - 1,
        "y1": when.year + 1,
        "m": when.month,
        "q": rng.choice(QUARTERS),
        "n": rng.randint(2, 480),
        "c": rng.randint(2, 90),
        "k": rng.randint(1, 24),
        "f": rng.randint(2, 7),
        "p": rng.randint(62, 99),
        "a": rng.randint(40, 420),
        "b": rng.randint(3, 35),
        "money": _money(rng),
        "street": rng.choice(STREETS),
        "man": person(rng, woman=False),
        "woman": person(rng, woman=True),
        "d": f"{deadline.day:02d}/{deadline.month:02d}/{deadline.year}",
    }


def _fill(template: str, fields: dict[str, object]) -> str:
    return template.format_map(fields)


def compose(
    seed: int,
    key: str,
    when: dt.date,
    agency: str = "UBND thành phố Hà Nội",
    suffix: str = "UBND",
    yearly: int = 2000,
) -> Composed:
    """The metadata of the document `key` (any stable id), issued on `when` by `agency`.

    `suffix` is the body's abbreviation in ký hiệu ("UBND", "SXD"…), `yearly` about how many
    documents it issues in a year (the số grows through the year, as real numbers do).
    """
    rng = _rng(seed, key)
    topics = AGENCY_TOPICS.get(suffix)
    if topics and rng.random() < 0.7:
        topic = _BY_KEY[rng.choice(topics)]
    else:
        topic = rng.choices(TOPICS, weights=TOPIC_WEIGHTS)[0]
    kind = rng.choices(DOC_TYPES, weights=[t.weight for t in DOC_TYPES])[0]
    fields = _fields(rng, when)
    text = _fill(rng.choice(topic.summaries), fields)
    lead = kind.lead
    if lead == "Dự":
        text = f"Dự hội nghị {text}" if rng.random() < 0.6 else f"Dự họp bàn {text}"
        summary = text
    elif lead:
        summary = f"{lead} {text}"
    else:
        summary = text[0].upper() + text[1:]
    number = max(1, int(when.timetuple().tm_yday / 366 * yearly) + rng.randint(-5, 5))
    if kind.abbr:
        notation = f"{kind.abbr}-{suffix}"
        if suffix == "UBND" and rng.random() < 0.3:
            number = max(1, number // 8)  # a UBND's quyết định and kế hoạch run lower
    else:
        room = rng.choice(ROOMS.get(suffix, ["VP"]))
        notation = f"UBND-{room}" if suffix == "UBND" else f"{suffix}-{room}"
    return Composed(
        key=key,
        seed=seed,
        topic=topic.key,
        doc_type=kind.name,
        code_number=str(number),
        code_notation=notation,
        summary=summary[:500],
        agency=agency,
        when=when,
    )


def _sentence(rng: random.Random, topic: Topic, fields: dict[str, object]) -> str:
    shape = rng.random()
    subject = rng.choice(topic.subjects + COMMON_SUBJECTS)
    action = rng.choice(topic.actions + COMMON_ACTIONS)
    obj = _fill(rng.choice(topic.objects), fields)
    qual = _fill(rng.choice(QUALIFIERS), fields)
    if shape < 0.25:
        sentence = _fill(rng.choice(topic.facts), fields)
    elif shape < 0.55:
        sentence = f"{subject} {action} {obj}, {qual}."
    elif shape < 0.75:
        other = _fill(rng.choice(topic.objects), fields)
        sentence = f"Giao {subject} {action} {obj}; đồng thời {rng.choice(COMMON_ACTIONS)} {other}."
    elif shape < 0.9:
        woman = rng.random() < 0.5
        who = person(rng, woman)
        street = fields["street"]
        sentence = (
            f"Đối với trường hợp của {'bà' if woman else 'ông'} {who}, trú tại số "
            f"{rng.randint(1, 300)} đường {street}, {subject} {action} {obj} {qual}."
        )
    else:
        sentence = f"Kết quả {action} {obj} báo cáo về UBND phường {qual}."
    return sentence[0].upper() + sentence[1:]


def body(doc: Composed, words: int | None = None) -> list[str]:
    """The paragraphs of `doc`'s body: grounds, numbered sections, a closing formula."""
    rng = _rng(doc.seed, doc.key, "body")
    topic = _BY_KEY[doc.topic]
    target = words if words is not None else int(rng.triangular(300, 1500, 550))
    fields = _fields(rng, doc.when)
    paragraphs: list[str] = []
    if doc.doc_type in ("Quyết định", "Kế hoạch", "Chỉ thị"):
        for law in rng.sample(topic.laws, k=min(len(topic.laws), 2)):
            paragraphs.append(f"Căn cứ {law};")
    ref_type = rng.choice(["Kế hoạch", "Công văn", "Chỉ thị", "Quyết định"])
    ref = f"{ref_type} số {rng.randint(10, 480)}/{rng.choice(['KH', 'UBND', 'CT', 'QĐ'])}-UBND"
    opening = rng.choice(OPENINGS).format(
        ref=f"{ref} ngày {fields['d']}",
        agency=doc.agency,
        topic=topic.name,
        subject=rng.choice(COMMON_SUBJECTS[:2]),
        goal=rng.choice(GOALS).format(topic=topic.name, y=doc.when.year),
    )
    paragraphs.append(opening)
    count = sum(len(p.split()) for p in paragraphs)
    sections = [SECTIONS[i] for i in sorted(rng.sample(range(len(SECTIONS)), k=rng.randint(3, 6)))]
    per_section = max(40, (target - count) // len(sections))
    for n, heading in enumerate(sections, 1):
        paragraphs.append(f"{n}. {heading}")
        written = 0
        while written < per_section and count < target:
            sentences = [_sentence(rng, topic, fields) for _ in range(rng.randint(2, 5))]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            size = len(paragraph.split())
            written += size
            count += size
            if rng.random() < 0.3:
                fields = _fields(rng, doc.when)  # new names, numbers and places
    paragraphs.append(rng.choice(CLOSINGS))
    return paragraphs


def main(argv: list[str] | None = None) -> int:
    """Print one document, then time the model on `--count` documents."""
    parser = argparse.ArgumentParser(prog="python -m bench.archive_text", description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--count", type=int, default=2000, help="documents to time")
    args = parser.parse_args(argv)
    sample = compose(
        args.seed, "sample", dt.date(2025, 3, 14), "Sở Xây dựng thành phố Hà Nội", "SXD"
    )
    print(f"{sample.doc_type} {sample.code}: {sample.summary}\n")
    print("\n".join(sample.body()))
    t0 = time.perf_counter()
    docs = [
        compose(args.seed, str(i), dt.date(2024, 1, 1) + dt.timedelta(i % 700))
        for i in range(args.count)
    ]
    meta_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    words = sum(len(p.split()) for d in docs for p in d.body())
    body_s = time.perf_counter() - t0
    print(
        f"\n{args.count} documents: metadata {meta_s / args.count * 1e6:.0f} µs each, "
        f"body {body_s / args.count * 1e3:.2f} ms each, {words / args.count:.0f} words on average, "
        f"{len({w for d in docs[:200] for p in d.body() for w in p.lower().split()})} distinct "
        "words in the first 200"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
