// Type codes, type names and issuer abbreviations.
#include <gtest/gtest.h>

#include <string>

#include "vanthu/core/text.hpp"
#include "vanthu/core/vocabulary.hpp"

using vanthu::core::expand_abbreviations;
using vanthu::core::type_for_name;
using vanthu::core::type_name_for_code;

TEST(Vocabulary, TypeCodes) {
    EXPECT_EQ(type_name_for_code("KH"), "Kế hoạch");
    EXPECT_EQ(type_name_for_code("kh"), "Kế hoạch");
    EXPECT_EQ(type_name_for_code("QĐ"), "Quyết định");
    EXPECT_EQ(type_name_for_code("QD"), "Quyết định");  // typed without Đ
    EXPECT_EQ(type_name_for_code("ĐA"), "Đề án");
    EXPECT_EQ(type_name_for_code("DA"), "Dự án");  // Đ is significant when it exists
    EXPECT_EQ(type_name_for_code("HĐ"), "Hợp đồng");
    EXPECT_EQ(type_name_for_code("HD"), "Hướng dẫn");
    EXPECT_EQ(type_name_for_code("QĐi"), "Quy định");
    EXPECT_EQ(type_name_for_code("TTr"), "Tờ trình");
    EXPECT_EQ(type_name_for_code("CV"), "Công văn");
    EXPECT_FALSE(type_name_for_code("UBND").has_value());
}

TEST(Vocabulary, TypeNames) {
    EXPECT_EQ(type_for_name("KẾ HOẠCH")->code, "KH");
    EXPECT_EQ(type_for_name("Báo cáo")->code, "BC");
    EXPECT_EQ(type_for_name("ke hoach")->code, "KH");
    EXPECT_EQ(type_for_name("  CHỈ   THỊ ")->code, "CT");
    EXPECT_EQ(type_for_name("QUYẾT ĐỊNH")->code, "QĐ");
    EXPECT_FALSE(type_for_name("KẾ HOẠCH TUYÊN TRUYỀN").has_value());
    EXPECT_FALSE(type_for_name("TỈNH ỦY ĐẮK LẮK").has_value());
}

TEST(Vocabulary, AbbreviationsBothWays) {
    const auto same = [](const std::string& a, const std::string& b) {
        return vanthu::core::fold_text(expand_abbreviations(a)) ==
               vanthu::core::fold_text(expand_abbreviations(b));
    };
    EXPECT_TRUE(same("UBND tỉnh Đắk Nông", "Ủy ban nhân dân tỉnh Đắk Nông"));
    EXPECT_TRUE(same("ubnd tinh", "Uy ban nhan dan tinh"));
    EXPECT_TRUE(same("HĐND tỉnh", "Hội đồng nhân dân tỉnh"));
    EXPECT_TRUE(same("hdnd", "Hội đồng nhân dân"));
    EXPECT_TRUE(same("BTGTU", "Ban Tuyên giáo Tỉnh ủy"));
    EXPECT_TRUE(same("Ban Thường vụ TU", "Ban Thường vụ Tỉnh ủy"));
    // Two-letter abbreviations only in capitals: "Tư pháp" is not "Tỉnh ủy pháp".
    EXPECT_EQ(expand_abbreviations("Sở Tư pháp"), "Sở Tư pháp");
    EXPECT_EQ(expand_abbreviations("so tu phap"), "so tu phap");
    EXPECT_EQ(expand_abbreviations("“UBND” tỉnh"), "“Ủy ban nhân dân” tỉnh");
}
