"""Synthetic names for Demoshire. Common English given and family names, combined at random,
so no generated person is anyone in particular."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN_FEMALE = _words(
    "Ada Agnes Alice Amelia Amy Ann Anne Audrey Barbara Beatrice Brenda Carol Catherine "
    "Charlotte Chloe Christine Clara Daisy Deborah Denise Diane Doris Dorothy Edith Eileen "
    "Elaine Eleanor Elizabeth Ellen Elsie Emily Emma Enid Ethel Evelyn Florence Frances "
    "Freda Gillian Gladys Grace Hannah Harriet Hazel Heather Helen Hilda Ivy Jacqueline Jane "
    "Janet Jean Jennifer Jessica Joan Joyce Judith Julie June Karen Kathleen Laura Lilian "
    "Linda Lorna Lucy Lynn Margaret Marion Marjorie Mary Maureen Megan Mildred Molly Muriel "
    "Nancy Norma Olive Olivia Pamela Patricia Pauline Peggy Phyllis Priya Rachel Rita Rose "
    "Ruby Ruth Sandra Sarah Shirley Sophie Stella Susan Sylvia Valerie Vera Violet Wendy "
    "Winifred Yvonne Zara Aisha Fatima Nadia Amara Shreya Mei"
)

GIVEN_MALE = _words(
    "Adam Alan Albert Alfred Andrew Anthony Arthur Barry Ben Bernard Bill Brian Bruce Carl "
    "Charles Christopher Clive Colin Cyril Daniel David Dennis Derek Donald Douglas Edward "
    "Eric Ernest Frank Frederick Gareth Gary Geoffrey George Gerald Gordon Graham Harold "
    "Harry Henry Herbert Howard Ian Jack Jacob James Jason Jeffrey John Joseph Keith Kenneth "
    "Kevin Leonard Leslie Lewis Malcolm Mark Martin Matthew Michael Neil Nigel Norman Oliver "
    "Owen Patrick Paul Percy Peter Philip Raymond Reginald Richard Robert Roger Ronald Roy "
    "Samuel Sidney Simon Stanley Stephen Stuart Terence Thomas Timothy Trevor Victor Walter "
    "Wilfred William Arjun Imran Kwame Tariq Yusuf Hamza Rohan Wei"
)

FAMILY = _words(
    "Abbott Ahmed Ali Allen Anderson Armstrong Atkinson Bailey Baker Ball Banks Barker Barnes "
    "Bell Bennett Berry Bird Bishop Black Booth Bradley Brooks Brown Burton Butler Campbell "
    "Carter Chapman Clark Clarke Cole Collins Cook Cooper Cox Craig Cross Davies Davis Dawson "
    "Dean Dixon Doyle Edwards Elliott Ellis Evans Fisher Fletcher Ford Foster Fox Francis "
    "Gardner Gibson Gill Graham Grant Gray Green Griffiths Hall Hamilton Harper Harris "
    "Harrison Hart Harvey Hayes Hill Holmes Hooper Hughes Hunt Hussain Jackson James Jenkins "
    "Johnson Jones Kaur Kelly Kennedy Khan King Knight Lane Lawrence Lee Lewis Lloyd Marsh "
    "Marshall Martin Mason Matthews Miller Mills Mitchell Moore Morgan Morris Murphy Murray "
    "Nelson Newman Nicholson Okafor Owen Palmer Parker Patel Payne Pearce Pearson Perry "
    "Phillips Poole Porter Powell Price Reid Reynolds Richards Richardson Roberts Robinson "
    "Rogers Rose Russell Ryan Saunders Scott Shaw Simpson Singh Smith Spencer Stevens Stewart "
    "Stone Sutton Taylor Thomas Thompson Tucker Turner Walker Wallace Walsh Ward Watson Webb "
    "Wells West White Wilkinson Williams Wilson Wood Wright Young"
)

# Provider names: a place or quality word with a kind of service. Invented, not real firms.
PLACES = _words(
    "Ashdown Beechwood Brookside Cedar Dales Elmfield Fernhill Glebe Harbour Hawthorn Heathside "
    "Holly Kingsmead Larch Linden Maple Meadow Millbrook Oakfield Orchard Riverside Rowan "
    "Saxon Stonebridge Thornbury Valley Willow Woodlands Yew Demoshire"
)
PROVIDER_KINDS = {
    "home_care": ("Home Care", "Homecare Services", "Care at Home", "Domiciliary Care"),
    "residential": ("House", "Lodge", "Residential Home", "Court"),
    "nursing": ("Nursing Home", "Care Centre", "Nursing and Residential Home"),
    "day_care": ("Day Centre", "Day Opportunities", "Community Hub"),
    "supported_living": ("Supported Living", "Support Services", "Living Options"),
    "reablement": ("Reablement Service",),
    "shared_lives": ("Shared Lives Scheme",),
}

# Locality teams and the postcode districts they cover (DS1..DS9: synthetic Demoshire).
LOCALITIES = (
    ("North", ("DS1", "DS2")),
    ("South", ("DS3", "DS4")),
    ("East", ("DS5", "DS6")),
    ("West", ("DS7", "DS8", "DS9")),
)
DISTRICTS = tuple(d for _, ds in LOCALITIES for d in ds)
# Letters allowed in the inward part of a UK postcode.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
